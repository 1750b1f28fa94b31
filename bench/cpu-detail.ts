import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { childPids, cpuPerUnit, cpuSeconds, cpuSnapshot, statFields, type CpuSnapshot, type ProcessIds } from './proc-stats';
import { median, round } from './stats';

/** PostgreSQL's CPU split by whom it serves; see cpuMeter. */
export interface PgSplit {
  app: number;
  temporal: number;
  background: number;
  unattributed: number;
}

/** Finer than CpuSnapshot (whose values add up to the stack): each Temporal service of the cluster, and PostgreSQL by whom it serves. */
export interface CpuDetail {
  temporal?: Partial<Record<string, number>>;
  postgres?: PgSplit;
  /** PostgreSQL connections opened per unit, by whose database (pg_stat_database.sessions). */
  connections?: { app: number; temporal: number };
}

/** What one measured unit cost: CPU ms per unit per process, and the finer split. */
export interface CpuCost {
  cpu: CpuSnapshot;
  detail: CpuDetail;
}

const isTemporalDb = (db: string) => db === 'temporal' || db === 'temporal_visibility';

/** A backend's title is "postgres: <user> <database> <host>(<port>) <state>"; background processes have none of that shape. */
function databaseOf(pid: number): string | undefined | null {
  try {
    return /^postgres: \S+ (\S+) \S+\(\d+\)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' '))?.[1];
  } catch {
    return null; // gone
  }
}

/**
 * Follows a PostgreSQL server's processes while a meter runs, sampling them every 500 ms: a
 * backend's CPU goes to the database it serves (counted from the meter's start, or from its own),
 * up to its last sample, so a connection closed in between is still counted for what it did while
 * sampled. What no sample saw — connections shorter than a sample, the end of the others, and the
 * postmaster forking them — is "unattributed": the postmaster only knows it as a total.
 */
function trackPostgres(postmaster: number): () => PgSplit | undefined {
  const total0 = cpuSeconds(postmaster, true);
  // Keyed by pid and start time: a pid reused by a later connection is another process.
  const seen = new Map<string, { db?: string; base: number; last: number }>();
  const sample = (initial: boolean) => {
    for (const pid of childPids(postmaster)) {
      const f = statFields(pid);
      const db = databaseOf(pid);
      const cpu = cpuSeconds(pid);
      if (!f || db === null || cpu === undefined) continue;
      const key = `${pid}:${f[19]}`;
      const known = seen.get(key);
      if (known) known.last = cpu;
      else seen.set(key, { db, base: initial ? cpu : 0, last: cpu });
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample(false);
    const total1 = cpuSeconds(postmaster, true);
    if (total0 === undefined || total1 === undefined) return undefined;
    const by = { app: 0, temporal: 0, background: 0 };
    for (const p of seen.values()) by[p.db === undefined ? 'background' : isTemporalDb(p.db) ? 'temporal' : 'app'] += p.last - p.base;
    return { ...by, unattributed: Math.max(0, total1 - total0 - by.app - by.temporal - by.background) };
  };
}

/** Sessions opened so far per database (PostgreSQL 14+; undefined elsewhere). */
async function pgSessions(db: Pool): Promise<Record<string, number> | undefined> {
  const res = await db.query<{ datname: string; sessions: string }>(`SELECT datname, sessions FROM pg_stat_database WHERE datname IS NOT NULL`).catch(() => undefined);
  return res && Object.fromEntries(res.rows.map((r) => [r.datname, Number(r.sessions)]));
}

/**
 * Starts metering the stack's CPU; the returned function gives the cost per unit since then.
 * PostgreSQL is split by whom its processes serve (trackPostgres): our database (app), Temporal's
 * two (its stores, on the cluster), background processes (checkpointer, WAL writer, I/O workers,
 * autovacuum), and what no sample saw. Temporal's pools keep 5 idle connections per store and
 * process and close the rest, so under load the cluster opens and closes connections; the
 * connections opened per unit and database (pg_stat_database) say whose they were.
 */
export async function cpuMeter(ids: ProcessIds, db?: Pool): Promise<(units: number) => Promise<CpuCost>> {
  const sessions0 = db && (await pgSessions(db));
  const services = (): Record<string, number> | undefined =>
    ids.temporalServices && Object.fromEntries(Object.entries(ids.temporalServices).map(([name, pid]) => [name, cpuSeconds(pid) ?? 0]));
  const [cpu0, services0, postgres] = [cpuSnapshot(ids), services(), ids.postgres === undefined ? undefined : trackPostgres(ids.postgres)];
  return async (units) => {
    const [cpu1, services1, pg] = [cpuSnapshot(ids), services(), postgres?.()];
    const sessions1 = db && (await pgSessions(db));
    const perUnit = (v: number, scale = 1000, digits = 1) => round((v * scale) / Math.max(1, units), digits);
    const detail: CpuDetail = {};
    if (services0 && services1) detail.temporal = cpuPerUnit(services0, services1, units);
    if (pg) detail.postgres = { app: perUnit(pg.app), temporal: perUnit(pg.temporal), background: perUnit(pg.background), unattributed: perUnit(pg.unattributed) };
    if (sessions0 && sessions1) {
      const opened = (names: string[]) => names.reduce((sum, n) => sum + (sessions1[n] ?? 0) - (sessions0[n] ?? 0), 0);
      const temporalDbs = Object.keys(sessions1).filter(isTemporalDb);
      const appDbs = Object.keys(sessions1).filter((n) => !isTemporalDb(n) && n !== 'postgres' && !n.startsWith('template'));
      detail.connections = { app: perUnit(opened(appDbs), 1, 2), temporal: perUnit(opened(temporalDbs), 1, 2) };
    }
    return { cpu: cpuPerUnit(cpu0, cpu1, units), detail };
  };
}

/** Key-wise median of per-unit figures (repeats of one level). */
export function medianPerUnit<K extends string>(snaps: Partial<Record<K, number>>[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of new Set(snaps.flatMap((s) => Object.keys(s) as K[]))) {
    const values = snaps.map((s) => s[key]).filter((v): v is number => v !== undefined);
    if (values.length) out[key] = round(median(values), 2);
  }
  return out;
}

export function medianDetail(details: CpuDetail[]): CpuDetail {
  const pick = <K extends keyof CpuDetail>(k: K) => details.flatMap((d) => (d[k] ? [d[k]!] : []));
  const [t, p, c] = [pick('temporal'), pick('postgres'), pick('connections')];
  return {
    temporal: t.length ? medianPerUnit(t) : undefined,
    postgres: p.length ? (medianPerUnit<keyof PgSplit>(p) as PgSplit) : undefined,
    connections: c.length ? (medianPerUnit<'app' | 'temporal'>(c) as CpuDetail['connections']) : undefined,
  };
}
