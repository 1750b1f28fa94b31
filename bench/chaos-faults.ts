import { request } from 'node:http';
import type { Connection } from '@temporalio/client';
import { processAlive } from '../scripts/lib/output-lines';
import { sleep } from '../scripts/lib/ports';
import type { LaunchedStack } from '../scripts/lib/launcher';
import type { ClusterService, TemporalClusterHandle } from '../scripts/lib/temporal-cluster';
import { childPids } from './proc-stats';

export const FAULT_KINDS = ['worker', 'api', 'history', 'matching', 'frontend', 'postgres'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One process killed: when, and when the stack served again. */
export interface Fault {
  kind: FaultKind;
  /** Which process, e.g. "worker2 pid 4121". */
  target: string;
  signal: NodeJS.Signals;
  /** Epoch ms of the kill. */
  at: number;
  /** A replacement process was running (and, for a worker, polling; for an API process, answering). */
  backAt?: number;
  /** /health/ready answered 200 and a probe registration was accepted, after backAt. */
  healthyAt?: number;
  /** The fault window's end: healthyAt + the margin (or when we stopped waiting). */
  windowEnd: number;
  error?: string;
}

/** Seeded PRNG (mulberry32): the same --seed gives the same fault order, targets and moments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Which process answered a request on a new connection (X-Served-By is `host:pid`). */
function servedBy(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(Number(String(res.headers['x-served-by'] ?? '').split(':').pop()) || undefined);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export interface InjectorOptions {
  stack: LaunchedStack;
  temporal: Connection;
  namespace: string;
  taskQueue: string;
  apiProcesses: number;
  /** One registration on a plan with no alarm soon: true when accepted (a whole write path works). */
  probe: () => Promise<boolean>;
  random: () => number;
  marginMs: number;
  recoveryTimeoutMs: number;
  log: (msg: string) => void;
}

interface Kill {
  target: string;
  signal: NodeJS.Signals;
  pid: number;
  /** True once a replacement runs (and serves, for apps). */
  back: () => Promise<boolean>;
}

async function polls(o: InjectorOptions, pid: number): Promise<boolean> {
  const tq = await o.temporal.workflowService
    .describeTaskQueue({ namespace: o.namespace, taskQueue: { name: o.taskQueue }, taskQueueType: 1 })
    .catch(() => undefined);
  return tq?.pollers?.some((p) => p.identity?.startsWith(`${pid}@`)) ?? false;
}

/** The process of this kind to kill now, found from the launched stack, and how to tell it is back. */
function pickTarget(kind: FaultKind, o: InjectorOptions): Kill {
  const { stack } = o;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(o.random() * xs.length)]!;
  if (kind === 'worker') {
    const w = pick(stack.workers);
    const old = w.current();
    return {
      target: `${w.name} pid ${old.process.pid}`,
      signal: 'SIGKILL',
      pid: old.process.pid!,
      back: async () => w.current() !== old && (await polls(o, w.current().process.pid!)),
    };
  }
  if (kind === 'api') {
    // The Node cluster primary forks the API processes; one of those is killed, the primary forks another.
    const primary = stack.api.current().process.pid!;
    const before = childPids(primary);
    if (!before.length) throw new Error(`the API primary (pid ${primary}) has no API processes`);
    const pid = pick(before);
    return {
      target: `API process pid ${pid} (primary ${primary})`,
      signal: 'SIGKILL',
      pid,
      back: async () => {
        const fresh = childPids(primary).filter((p) => !before.includes(p));
        if (childPids(primary).length < o.apiProcesses || !fresh.length) return false;
        // Listening: the primary hands it connections (round robin), so a few new ones reach it.
        for (let i = 0; i < 6; i++) if (fresh.includes((await servedBy(`${stack.apiUrl}/health/live`)) ?? 0)) return true;
        return false;
      },
    };
  }
  if (kind === 'postgres') {
    const pg = stack.postgres;
    if (!pg) throw new Error('the stack uses an external PostgreSQL');
    const old = pg.current();
    // SIGQUIT = immediate shutdown: every session cut at once, crash recovery at the next start, as
    // after a crash; the launcher starts it again.
    return { target: `PostgreSQL postmaster pid ${old.pid}`, signal: 'SIGQUIT', pid: old.pid!, back: async () => pg.current() !== old && processAlive(pg.current().pid!) };
  }
  const temporal = stack.temporal as TemporalClusterHandle | undefined;
  if (!temporal || !('services' in temporal)) throw new Error('the stack does not run the multi-service Temporal server');
  const service: ClusterService = kind;
  const old = temporal.services[service];
  return {
    target: `Temporal ${service} pid ${old.pid}`,
    signal: 'SIGKILL',
    pid: old.pid!,
    back: async () => temporal.services[service] !== old && processAlive(temporal.services[service].pid!),
  };
}

async function ready(apiUrl: string): Promise<boolean> {
  const res = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  return res?.status === 200;
}

/**
 * Kills one process of `kind` and waits until the stack serves again: a replacement is up (the
 * launcher's restart policy brings every kind back; nobody here restarts anything) and then
 * readiness and a probe registration pass. The fault window is the kill to that moment plus a margin.
 */
export async function injectFault(kind: FaultKind, o: InjectorOptions): Promise<Fault> {
  const kill = pickTarget(kind, o);
  const at = Date.now();
  process.kill(kill.pid, kill.signal);
  o.log(`fault: ${kind}: ${kill.signal} ${kill.target}`);
  const fault: Fault = { kind, target: kill.target, signal: kill.signal, at, windowEnd: at };
  const deadline = at + o.recoveryTimeoutMs;
  while (Date.now() < deadline && processAlive(kill.pid)) await sleep(50);
  while (Date.now() < deadline && fault.healthyAt === undefined) {
    if (fault.backAt === undefined && (await kill.back())) fault.backAt = Date.now();
    if (fault.backAt !== undefined && (await ready(o.stack.apiUrl)) && (await o.probe())) fault.healthyAt = Date.now();
    else await sleep(250);
  }
  if (fault.healthyAt === undefined) fault.error = `${kill.target} not back and serving within ${o.recoveryTimeoutMs / 1000} s (${fault.backAt ? 'process back, probes failing' : 'no replacement process'})`;
  fault.windowEnd = (fault.healthyAt ?? Date.now()) + o.marginMs;
  o.log(`fault: ${kind} ${fault.error ?? `recovered in ${((fault.healthyAt! - at) / 1000).toFixed(1)} s (process back after ${((fault.backAt! - at) / 1000).toFixed(1)} s)`}`);
  return fault;
}

export interface FaultScheduleOptions {
  kinds: FaultKind[];
  /** Random pause before each kill (after the previous fault's window), in seconds. */
  gapSec: [number, number];
}

/**
 * The faults in a seeded random order, one at a time (windows do not overlap, so each recovery
 * time belongs to one kill), each after a random pause: random moments of the run.
 */
export async function runFaults(s: FaultScheduleOptions, o: InjectorOptions): Promise<Fault[]> {
  const order = shuffle(s.kinds, o.random);
  o.log(`fault order: ${order.join(', ')}`);
  const faults: Fault[] = [];
  for (const kind of order) {
    const gap = (s.gapSec[0] + o.random() * (s.gapSec[1] - s.gapSec[0])) * 1000;
    await sleep(Math.max(0, faults.length ? faults.at(-1)!.windowEnd + gap - Date.now() : gap));
    faults.push(await injectFault(kind, o));
  }
  return faults;
}

/** Whether [from, to] overlaps a fault window. */
export function inWindow(faults: readonly Fault[], from: number, to = from): boolean {
  return faults.some((f) => from <= f.windowEnd && to >= f.at);
}
