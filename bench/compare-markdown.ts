import { CLUSTER_SERVICES } from '../scripts/lib/temporal-cluster';
import type { IntakeLevel, IntakeResult } from './intake';
import { cpuTotal, pct, table, type Cell } from './markdown';
import type { CpuDetail } from './cpu-detail';
import type { CpuSnapshot } from './proc-stats';
import type { ServerRun } from './report';
import type { StormResult } from './storm';
import { round, type LatencySummary } from './stats';

const SERVER_NAMES: Record<string, string> = { dev: 'dev server', cluster: 'cluster' };
const serverName = (r: ServerRun) => SERVER_NAMES[r.server] ?? r.server;
const lat = (l: LatencySummary | undefined) => (l ? `${pct(l)} / ${l.max}` : undefined);
const total = (c: CpuSnapshot) => round(cpuTotal(c));

/** "a / b / c / d" of the cluster's services (frontend / history / matching / worker), or undefined on the dev server. */
function byService(values: Partial<Record<string, number>> | undefined): string | undefined {
  return values ? CLUSTER_SERVICES.map((s) => values[s] ?? '–').join(' / ') : undefined;
}

/** PostgreSQL's CPU as "app / Temporal's stores / background / unattributed" (see cpu-detail.ts). */
const pgSplit = (d: CpuDetail | undefined) => (d?.postgres ? `${d.postgres.app} / ${d.postgres.temporal} / ${d.postgres.background} / ${d.postgres.unattributed}` : undefined);
const PG_SPLIT = 'PostgreSQL: app / Temporal\'s stores / background / unattributed';
/** Connections opened per unit, "app / Temporal". */
const opened = (d: CpuDetail | undefined) => (d?.connections ? `${d.connections.app} / ${d.connections.temporal}` : undefined);

/** Temporal's whole cost: its processes plus, on the cluster, the PostgreSQL backends serving its stores. */
const temporalAll = (c: CpuSnapshot, d: CpuDetail | undefined) => round((c.temporal ?? 0) + (d?.postgres?.temporal ?? 0));

function intakeRows(runs: ServerRun[], row: (run: ServerRun, r: IntakeResult, l: IntakeLevel) => Cell[]): Cell[][] {
  const levels = [...new Set(runs.flatMap((run) => run.intake ?? []).flatMap((r) => r.levels.map((l) => l.concurrency)))].sort((a, b) => a - b);
  return levels.flatMap((c) =>
    runs.flatMap((run) => (run.intake ?? []).flatMap((r) => r.levels.filter((l) => l.concurrency === c).map((l) => row(run, r, l)))),
  );
}

function intakeTables(runs: ServerRun[], cores: number): string[] {
  const first = runs.flatMap((r) => r.intake ?? [])[0];
  if (!first) return [];
  return [
    `**Intake** — N = ${first.n} registrations and bare starts, ${first.nUws} bare update-with-starts per level, server and mode; ${first.repeats} repeat(s), median shown; ${first.agencies} agencies. ` +
      'Each mode runs with its own baselines, back to back on the same server. *To drain* counts a registration as done when its workflow has run its first task (the same for the default mode, which answers only then).',
    '',
    table(
      ['Concurrency', 'Server', 'INTAKE_MODE', 'Intake /s', 'To drain /s (drain s)', 'Intake p50 / p95 / p99 ms', 'Bare start /s', 'Bare start p50 / p95 / p99 ms', 'Bare update-with-start /s', 'Bare update-with-start p50 / p95 / p99 ms', 'Intake ÷ bare start', 'Intake ÷ bare update-with-start'],
      intakeRows(runs, (run, r, l) => [
        l.concurrency, serverName(run), r.mode, `**${l.intakeThroughput}**`, l.drainMs !== undefined ? `${l.drainedThroughput} (${round(l.drainMs / 1000)})` : l.drainedThroughput,
        pct(l.intake), l.bareThroughput, pct(l.bare), l.bareUwsThroughput, pct(l.bareUws), l.ratio, l.ratioVsUws,
      ]),
    ),
    '',
    `**CPU per registered dossier** (ms; a mode that answers early is counted to its drain; *Temporal* = its processes; PostgreSQL split by whom its processes serve; ` +
      `*Temporal + its store* adds, on the cluster, the backends serving Temporal's databases (sampled every 500 ms: the unattributed rest is connections no sample saw and the postmaster); ceiling = ${cores} cores ÷ total):`,
    '',
    table(
      ['Concurrency', 'Server', 'INTAKE_MODE', 'API', 'Worker', 'Temporal', 'Temporal: frontend / history / matching / worker', 'PostgreSQL', PG_SPLIT, 'PostgreSQL connections opened: app / Temporal', 'Bench client', 'Total', 'Ceiling /s', '**Temporal + its store**', 'Bare start: total (Temporal + its store)', 'Bare update-with-start: total (Temporal + its store)'],
      intakeRows(runs, (run, r, l) => {
        const c = l.cpuMsPerDossier;
        const t = total(c);
        const d = l.detail;
        return [
          l.concurrency, serverName(run), r.mode, c.api, c.worker, c.temporal, byService(d?.intake.temporal), c.postgres, pgSplit(d?.intake), opened(d?.intake), c.bench, l.drainCheckCpuMs !== undefined ? `${t} (drain checks ${l.drainCheckCpuMs})` : t, t > 0 ? Math.round((cores * 1000) / t) : undefined,
          `**${temporalAll(c, d?.intake)}**`,
          `${total(l.cpuMsPerBareStart)} (${temporalAll(l.cpuMsPerBareStart, d?.bareStart)})`, `${total(l.cpuMsPerBareUws)} (${temporalAll(l.cpuMsPerBareUws, d?.bareUws)})`,
        ];
      }),
    ),
  ];
}

/** One row of the storm table: a label and a cell per server. */
type StormRow = [string, (s: StormResult) => Cell];

const STORM_ROWS: StormRow[] = [
  ['Dossiers; alerts expected', (s) => `${s.n}; ${s.alertsExpected} within ${s.windowSec} s`],
  ['Deadline clock shards', (s) => s.clockShards ?? 'default'],
  ['**Intake while the alerts fired** /s (alone /s; ratio)', (s) => s.intake && `**${s.intake.during.throughput}** (${s.intake.alone.throughput}; **${s.intake.ratio}**)`],
  ['Intake while the alerts fired: latency p50 / p99 ms', (s) => s.intake && `${s.intake.during.latency.p50} / ${s.intake.during.latency.p99}`],
  ['Registration /s (before the window)', (s) => s.registration.throughput],
  ['**Recorded** (missing / duplicated / unexpected)', (s) => `**${s.check.recorded}** (${s.check.missingRecorded} / ${s.check.duplicateRecorded} / ${s.check.unexpectedRecorded})`],
  ['**Delivered** over SSE (missing / duplicated)', (s) => `**${s.check.delivered}** (${s.check.missingDelivered} / ${s.check.duplicateDelivered})`],
  ['**Recorded lateness** p50 / p95 / p99 / max ms', (s) => lat(s.check.firedLateness)],
  ['**Delivered lateness** p50 / p95 / p99 / max ms', (s) => lat(s.check.deliveredLateness)],
  ['Alerts recorded /s; last one after the last deadline s', (s) => `${s.alertsPerSec}; ${s.drainSec}`],
  ['Clock: wake-ups (timers + signals); sweeps; alerts per sweep', (s) => s.clock && `${s.clock.timers + s.clock.signals} (${s.clock.timers} + ${s.clock.signals}); ${s.clock.sweeps}; ${round(s.alertsExpected / Math.max(1, s.clock.sweeps))}`],
  ['Clock: timer fired − scheduled p50 / p95 / p99 / max ms', (s) => lat(s.clock?.engineLate)],
  ['Clock: fired → task on worker p50 / p99 ms', (s) => s.clock && `${s.clock.pickup.p50} / ${s.clock.pickup.p99}`],
  ['Clock: task (sweeps, next timer) p50 / p99 ms', (s) => s.clock && `${s.clock.task.p50} / ${s.clock.task.p99}`],
  ['CPU per alert ms: worker / Temporal / PostgreSQL / API / bench', (s) => s.alertPhase && cpuCells(s.alertPhase.cpuMsPerAlert)],
  ['CPU per alert ms, **Temporal + its store**', (s) => s.alertPhase && `**${temporalAll(s.alertPhase.cpuMsPerAlert, s.alertPhase.detail)}**`],
  ['CPU per alert ms, Temporal: frontend / history / matching / worker', (s) => byService(s.alertPhase?.detail?.temporal)],
  [`CPU per alert ms, ${PG_SPLIT}`, (s) => pgSplit(s.alertPhase?.detail)],
  ['PostgreSQL connections opened per alert: app / Temporal', (s) => opened(s.alertPhase?.detail)],
  ['Machine busy % (other processes %) while alerts fired', (s) => s.alertPhase?.load && `${s.alertPhase.load.busyPct} (${s.alertPhase.load.othersPct})`],
  ['**Bare engine, a durable timer per deadline**: fired', (s) => s.bare && `**${s.bare.fired}** / ${s.bare.alarmsExpected}`],
  ['Bare: task run − due p50 / p95 / p99 / max ms', (s) => lat(s.bare?.lateness)],
  ['Bare: fired /s; last one after the last deadline s', (s) => s.bare && `${s.bare.alarmsPerSec}; ${s.bare.drainSec}`],
  ['Bare: CPU per alarm ms, Temporal / PostgreSQL / bench (its worker)', (s) => s.bare && [s.bare.alertPhase.cpuMsPerAlert.temporal, s.bare.alertPhase.cpuMsPerAlert.postgres, s.bare.alertPhase.cpuMsPerAlert.bench].map((v) => v ?? '–').join(' / ')],
  ['Bare: CPU per alarm ms, **Temporal + its store**', (s) => s.bare && `**${temporalAll(s.bare.alertPhase.cpuMsPerAlert, s.bare.alertPhase.detail)}**`],
  ['Bare: CPU per alarm ms, Temporal: frontend / history / matching / worker', (s) => byService(s.bare?.alertPhase.detail?.temporal)],
  [`Bare: CPU per alarm ms, ${PG_SPLIT}`, (s) => pgSplit(s.bare?.alertPhase.detail)],
  ['Bare: PostgreSQL connections opened per alarm: app / Temporal', (s) => opened(s.bare?.alertPhase.detail)],
  ['Bare: machine busy % (other processes %)', (s) => s.bare?.alertPhase.load && `${s.bare.alertPhase.load.busyPct} (${s.bare.alertPhase.load.othersPct})`],
  ['**Clock ÷ bare**, per second', (s) => s.bare && `**${round(s.alertsPerSec / s.bare.alarmsPerSec, 2)}**`],
];

function cpuCells(c: CpuSnapshot): string {
  return [c.worker, c.temporal, c.postgres, c.api, c.bench].map((v) => v ?? '–').join(' / ');
}

function stormTable(runs: ServerRun[]): string[] {
  // One column per storm: per server, and per clock shard count when several were run.
  const columns = runs.flatMap((r) => (r.storms ?? (r.storm ? [r.storm] : [])).map((s) => ({ name: s.clockShards ? `${serverName(r)}, ${s.clockShards} shard(s)` : serverName(r), s })));
  if (!columns.length) return [];
  return [
    '**Deadline storm**, then the same storm on the bare engine (one durable timer per deadline, an empty task when it fires) on the same stack:',
    '',
    table(['', ...columns.map((c) => c.name)], STORM_ROWS.map(([label, cell]) => [label, ...columns.map((c) => cell(c.s))])),
  ];
}

function memoryTable(runs: ServerRun[]): string[] {
  const rows = runs.flatMap((run) =>
    Object.entries(run.peakRssMiB).map(([part, p]): Cell[] => [
      serverName(run), part.replace(/^intake:/, 'intake, '), p.api, p.worker, p.temporal,
      run.server === 'cluster' ? CLUSTER_SERVICES.map((s) => p[`temporal.${s}`] ?? '–').join(' / ') : undefined,
      run.load[part]?.busyPct, run.load[part]?.othersPct,
    ]),
  );
  if (!rows.length) return [];
  return [
    '**Peak resident memory** (MiB, sampled every 2 s; PostgreSQL left out: its backends share buffers) and how busy the machine was, per part:',
    '',
    table(['Server', 'Part', 'API', 'Worker', 'Temporal', 'Temporal: frontend / history / matching / worker', 'Machine busy %', 'Other processes %'], rows),
  ];
}

/** The "cluster" block: the same scenarios on each Temporal server of the run, side by side. */
export function comparisonSection(runs: ServerRun[], when: string): string {
  const env = runs[0].environment;
  const servers = runs.map((r) => `${serverName(r)}: ${r.environment.settings.temporal} (server ${r.environment.versions.temporalServer ?? '?'})`);
  const s = env.settings;
  return [
    `_Measured ${when} on ${env.machine.cpu}, ${env.machine.cores} cores, ${env.machine.memoryGiB} GiB._`,
    '',
    `Servers — ${servers.join('; ')}. Same on both: the dynamic config (${s.temporalDynamicConfig}), ${s.apiProcesses} API process and ${s.workerProcesses} worker process(es) with the same settings (` +
      `${s.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS} workflow task slots, cache ${s.WORKER_MAX_CACHED_WORKFLOWS}, ${s.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS} polls, DB_POOL_SIZE ${s.DB_POOL_SIZE}), embedded PostgreSQL ${env.versions.postgres} (fsync ${s.pgFsync}, max_connections ${s.pgMaxConnections}), which on the cluster also holds Temporal's stores.`,
    '',
    ...intakeTables(runs, env.machine.cores),
    '',
    ...stormTable(runs),
    '',
    ...memoryTable(runs),
  ].join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
