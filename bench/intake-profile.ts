import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { findEvent, spread, timedHistory } from './history';
import { median, round } from './stats';

export interface RequestTrace {
  code: string;
  /** Wall-clock ms when the bench sent the request and when the 201 arrived. */
  sent: number;
  received: number;
}

/**
 * Where one registration's wall time goes, as medians over sampled requests, using the
 * workflow history's server timestamps as the cut points:
 * - apiBefore:   request sent → workflow started (HTTP, validation, procedure lookup, code claim in PostgreSQL, start RPC)
 * - engineQueue: workflow started → first workflow task picked up by the worker
 * - workerTask:  first workflow task (workflow code + the projection write as a local activity)
 * - after:       task completed → 201 received (engine records the completion, answers the update, API replies)
 */
export interface LatencyBreakdown {
  samples: number;
  total: number;
  apiBefore: number;
  engineQueue: number;
  workerTask: number;
  after: number;
}

export async function latencyBreakdown(client: Client, traces: readonly RequestTrace[], samples: number): Promise<LatencyBreakdown | undefined> {
  const rows: Omit<LatencyBreakdown, 'samples'>[] = [];
  for (const t of spread(traces, samples)) {
    const events = await timedHistory(client, t.code).catch(() => undefined);
    if (!events) continue;
    const started = findEvent(events, 'started');
    const taskStarted = started && findEvent(events, 'taskStarted', started.index);
    const taskCompleted = taskStarted && findEvent(events, 'taskCompleted', taskStarted.index);
    if (!started || !taskStarted || !taskCompleted) continue;
    rows.push({
      total: t.received - t.sent,
      apiBefore: started.at - t.sent,
      engineQueue: taskStarted.at - started.at,
      workerTask: taskCompleted.at - taskStarted.at,
      after: t.received - taskCompleted.at,
    });
  }
  if (rows.length === 0) return undefined;
  const m = (k: keyof Omit<LatencyBreakdown, 'samples'>) => round(median(rows.map((r) => r[k])));
  return { samples: rows.length, total: m('total'), apiBefore: m('apiBefore'), engineQueue: m('engineQueue'), workerTask: m('workerTask'), after: m('after') };
}

export interface StatementGroup {
  group: string;
  callsPerDossier: number;
  /** Server execution time only: network round trips and the commit's WAL flush are not in it. */
  execMsPerDossier: number;
}

function groupOf(query: string): string | undefined {
  const q = query.toLowerCase();
  if (q.includes('pg_database_size') || q.includes('pg_catalog')) return undefined;
  if (/^\s*(begin|commit|rollback|start transaction)/.test(q)) return 'transaction control (API + worker)';
  if (q.includes('idempotency_keys') || q.includes('dossier_sequences')) return 'API: idempotency key + code claim';
  if (q.includes('procedures')) return 'API: procedure lookup';
  if (q.includes('alerts')) return 'worker: alerts';
  if (q.includes('dossier')) return 'worker: projection (dossier, steps, event)';
  return 'other';
}

export async function resetStatements(db: Pool): Promise<void> {
  await db.query('SELECT pg_stat_statements_reset()');
}

export interface TopStatement {
  /** The statement's first 100 characters, whitespace folded. */
  query: string;
  calls: number;
  /** Execution and planning time per call, and their total over the phase (ms). */
  execMs: number;
  planMs: number;
  totalMs: number;
  /** The slowest execution (ms): one slow call among fast ones (a lock wait, a bad plan) shows here. */
  maxExecMs: number;
}

/** Statements of the app database, the profile's own reads of pg_stat_statements left out. */
const APP_STATEMENTS = `pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`;

/** The app database's statements that took the most server time since the last reset (execution + planning). */
export async function topStatements(db: Pool, limit = 10): Promise<TopStatement[]> {
  const { rows } = await db.query<{ query: string; calls: string; exec: number; plan: number; max: number }>(
    `SELECT query, calls, total_exec_time AS exec, total_plan_time AS plan, max_exec_time AS max FROM ${APP_STATEMENTS}
      ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => {
    const calls = Number(r.calls);
    return {
      query: r.query.replace(/\s+/g, ' ').trim().slice(0, 100), calls,
      execMs: round(r.exec / Math.max(1, calls), 2), planMs: round(r.plan / Math.max(1, calls), 2), totalMs: round(r.exec + r.plan), maxExecMs: round(r.max, 1),
    };
  });
}

/** PostgreSQL work per registered dossier since the last reset, grouped by who issues it. */
export async function statementsPerDossier(db: Pool, dossiers: number): Promise<StatementGroup[]> {
  const { rows } = await db.query<{ query: string; calls: string; total: number }>(
    `SELECT query, calls, total_exec_time AS total FROM ${APP_STATEMENTS}`,
  );
  const groups = new Map<string, { calls: number; ms: number }>();
  for (const r of rows) {
    const g = groupOf(r.query);
    if (!g) continue;
    const acc = groups.get(g) ?? { calls: 0, ms: 0 };
    acc.calls += Number(r.calls);
    acc.ms += Number(r.total);
    groups.set(g, acc);
  }
  return [...groups.entries()]
    .map(([group, v]) => ({ group, callsPerDossier: round(v.calls / dossiers, 2), execMsPerDossier: round(v.ms / dossiers, 2) }))
    .sort((a, b) => a.group.localeCompare(b.group));
}
