import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';

/** Processes whose CPU and memory we attribute work to; undefined when not ours (external services). */
export interface ProcessIds {
  api?: number;
  /** Every worker process (`--workers N`). */
  worker?: number[];
  /** The Temporal server's processes: the dev server's one, or the cluster's four. */
  temporal?: number[];
  /** The cluster's services by name (frontend, history, matching, worker), for figures per process beside the sum. */
  temporalServices?: Record<string, number>;
  /** The postmaster; its backends are found through their parent pid. */
  postgres?: number;
}

export type Component = Exclude<keyof ProcessIds, 'temporalServices'> | 'bench';
export type CpuSnapshot = Partial<Record<Component, number>>;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name (which may itself contain spaces). */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by `pid`; with `includeChildren`, also by its live and reaped children. */
export function cpuSeconds(pid: number, includeChildren = false): number | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  let ticks = Number(f[11]) + Number(f[12]);
  if (includeChildren) {
    ticks += Number(f[13]) + Number(f[14]);
    for (const child of childPids(pid)) {
      const c = statFields(child);
      if (c) ticks += Number(c[11]) + Number(c[12]);
    }
  }
  return ticks / ticksPerSecond();
}

/** Live child processes of `pid` (PostgreSQL's backends and background processes are the postmaster's). */
export function childPids(pid: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(statFields(Number(e))?.[1]) === pid).map(Number);
}

export function cpuSnapshot(ids: ProcessIds): CpuSnapshot {
  const snap: CpuSnapshot = {};
  for (const key of ['api', 'worker', 'temporal', 'postgres'] as const) {
    const pids = [ids[key] ?? []].flat();
    if (pids.length) snap[key] = pids.reduce((sum, pid) => sum + (cpuSeconds(pid, key === 'postgres') ?? 0), 0);
  }
  const own = process.cpuUsage();
  snap.bench = (own.user + own.system) / 1e6;
  return snap;
}

/** CPU milliseconds per unit of work between two snapshots, per component (or per service). */
export function cpuPerUnit<K extends string>(before: Partial<Record<K, number>>, after: Partial<Record<K, number>>, units: number): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of Object.keys(after) as K[]) {
    const a = after[key];
    const b = before[key];
    if (a !== undefined && b !== undefined && units > 0) out[key] = Math.round(((a - b) * 1000 * 10) / units) / 10;
  }
  return out;
}

/** Resident memory in MiB (VmRSS, summed over the processes), or undefined if gone or not ours. */
export function rssMiB(pids: number | number[] | undefined): number | undefined {
  let kb: number | undefined;
  for (const pid of [pids ?? []].flat()) {
    try {
      const own = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (own !== undefined) kb = (kb ?? 0) + Number(own);
    } catch {
      // gone: counts nothing
    }
  }
  return kb === undefined ? undefined : Math.round(kb / 1024);
}

/** Total size in MiB of a SQLite database with its WAL and shared-memory files. */
export async function sqliteMiB(dbFile: string | undefined): Promise<number | undefined> {
  if (!dbFile) return undefined;
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    bytes += (await fs.stat(dbFile + suffix).catch(() => undefined))?.size ?? 0;
  }
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** The postmaster's pid is the first line of postmaster.pid in the data directory. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(`${dataDir}/postmaster.pid`, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(text?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Busy and total CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    const busy = user + nice + system + irq + softirq + (steal || 0);
    return { busy: busy / ticksPerSecond(), total: (busy + idle + iowait) / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

export interface MachineLoad {
  /** Share of all cores that was busy during the scenario, in %. */
  busyPct: number;
  /** Of that, the stack under test and the bench client. */
  oursPct: number;
  /** Everything else on the machine: the figures are only as quiet as this is low. */
  othersPct: number;
}

/**
 * CPU seconds of `pid` and all its descendants, the dead included: a reaped child's time is in its
 * parent's cutime/cstime. So processes killed and replaced meanwhile (the chaos run) still count.
 */
export function treeCpuSeconds(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: utime(11) stime(12) cutime(13) cstime(14).
  const own = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / ticksPerSecond();
  return childPids(pid).reduce((sum, child) => sum + treeCpuSeconds(child), own);
}

/** Like trackLoad, with "ours" = this process and everything it started (see treeCpuSeconds). */
export function trackTreeLoad(root = process.pid): () => MachineLoad | undefined {
  const [m0, o0] = [machineCpuSeconds(), treeCpuSeconds(root)];
  return () => {
    const [m1, o1] = [machineCpuSeconds(), treeCpuSeconds(root)];
    if (!m0 || !m1 || m1.total <= m0.total) return undefined;
    const pct = (v: number) => Math.round((v / (m1.total - m0.total)) * 1000) / 10;
    const busy = m1.busy - m0.busy;
    const mine = Math.min(busy, Math.max(0, o1 - o0));
    return { busyPct: pct(busy), oursPct: pct(mine), othersPct: pct(busy - mine) };
  };
}

/** Tracks how busy the machine was, and with what, between start() and the returned stop(). */
export function trackLoad(ids: () => ProcessIds | undefined): () => MachineLoad | undefined {
  const m0 = machineCpuSeconds();
  const ours = () => Object.values(cpuSnapshot(ids() ?? {})).reduce((a: number, b) => a + (b ?? 0), 0);
  const o0 = ours();
  return () => {
    const m1 = machineCpuSeconds();
    if (!m0 || !m1 || m1.total <= m0.total) return undefined;
    const total = m1.total - m0.total;
    const pct = (v: number) => Math.round((v / total) * 1000) / 10;
    const busy = m1.busy - m0.busy;
    const mine = Math.min(busy, Math.max(0, ours() - o0));
    return { busyPct: pct(busy), oursPct: pct(mine), othersPct: pct(busy - mine) };
  };
}

/** Peak resident memory (MiB) per process kind; `temporal.<service>` for each of the cluster's services. */
export type RssPeaks = Record<string, number>;

/**
 * Samples resident memory every `everyMs` until the returned stop() and keeps each process's
 * peak. PostgreSQL is left out: its backends map the same shared buffers, so a sum of their RSS
 * would count that memory once per backend.
 */
export function trackPeakRss(ids: () => ProcessIds, everyMs = 2000): () => RssPeaks {
  const peak: RssPeaks = {};
  const sample = () => {
    const p = ids();
    const named: [string, number | number[] | undefined][] = [['api', p.api], ['worker', p.worker], ['temporal', p.temporal]];
    for (const [service, pid] of Object.entries(p.temporalServices ?? {})) named.push([`temporal.${service}`, pid]);
    for (const [name, pids] of named) {
      const mib = rssMiB(pids);
      if (mib !== undefined) peak[name] = Math.max(peak[name] ?? 0, mib);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}
