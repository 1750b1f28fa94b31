import type { Environment } from './environment';
import type { CapacityResult } from './capacity';
import type { IntakeResult } from './intake';
import type { CpuSnapshot } from './proc-stats';
import type { ReadsResult } from './reads';
import type { AlertPhase, StormResult } from './storm';
import { round, type LatencySummary } from './stats';

export type Cell = string | number | undefined;

export function table(head: string[], rows: Cell[][]): string {
  // A pipe inside a cell would split it into two columns; GitHub tables accept it escaped.
  const fmt = (c: Cell) => (c === undefined || (typeof c === 'number' && !Number.isFinite(c)) ? '–' : String(c).replace(/\|/g, '\\|'));
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`)].join('\n');
}

export const pct = (l: LatencySummary) => `${l.p50} / ${l.p95} / ${l.p99}`;
export const cpuTotal = (c: CpuSnapshot) => Object.values(c).reduce((a: number, b) => a + (b ?? 0), 0);

export function environmentSection(env: Environment, when: string, mode: string): string {
  const v = env.versions;
  return [
    `Run ${when} (${mode}).`,
    '',
    table(['Machine and versions', ''], [
      ['CPU', `${env.machine.cpu}, ${env.machine.cores} cores`],
      ['Memory', `${env.machine.memoryGiB} GiB`],
      ['Kernel', env.machine.kernel],
      ['Node.js', v.node],
      ['Temporal', `server ${v.temporalServer ?? '?'}${v.temporalCli ? ` (CLI ${v.temporalCli})` : ''}, TypeScript SDK ${v.temporalSdk}`],
      ['PostgreSQL', v.postgres],
    ]),
    '',
    table(['Setting', 'Value'], Object.entries(env.settings).map(([k, val]) => [`\`${k}\``, String(val)])),
  ].join('\n');
}

export function intakeSection(r: IntakeResult, cores: number): string {
  const out: string[] = [];
  out.push(`N = ${r.n} registrations (and bare starts) per level and repeat, ${r.nUws} bare update-with-starts; ${r.repeats} repeat(s), median shown; ${r.agencies} agencies (one procedure each, working-day plan of 4 steps).`, '');
  out.push(table(
    ['Concurrency', 'Intake /s', 'Bare start /s', '**Intake ÷ bare**', 'Bare update-with-start /s', 'Intake p50 / p95 / p99 ms', 'Bare start p50 / p95 / p99 ms', 'Bare update-with-start p50 / p95 / p99 ms'],
    r.levels.map((l) => [l.concurrency, l.intakeThroughput, l.bareThroughput, `**${l.ratio}**`, l.bareUwsThroughput, pct(l.intake), pct(l.bare), pct(l.bareUws)]),
  ));
  out.push('', '**Where a registration\'s time goes** (median over sampled requests of the first repeat; cut at the workflow history\'s server timestamps):', '');
  out.push(table(
    ['Concurrency', 'Samples', 'Total ms', 'API before Temporal ms', 'Engine: start → task on worker ms', 'Worker: first task ms', 'Engine + API after the task ms'],
    r.levels.filter((l) => l.breakdown).map((l) => {
      const b = l.breakdown!;
      return [l.concurrency, b.samples, b.total, b.apiBefore, b.engineQueue, b.workerTask, b.after];
    }),
  ));
  out.push('', `**CPU per registered dossier** (ms of CPU time per process; "ceiling" = ${cores} cores ÷ total, the throughput at which this machine runs out of CPU):`, '');
  out.push(table(
    ['Concurrency', 'API', 'Worker', 'Temporal', 'PostgreSQL', 'Bench client', 'Total', 'Ceiling /s', 'Bare start: total', 'Bare update-with-start: total (Temporal + bench)'],
    r.levels.map((l) => {
      const c = l.cpuMsPerDossier;
      const total = cpuTotal(c);
      const u = l.cpuMsPerBareUws;
      return [
        l.concurrency, c.api, c.worker, c.temporal, c.postgres, c.bench, Math.round(total * 10) / 10, total > 0 ? Math.round((cores * 1000) / total) : undefined,
        Math.round(cpuTotal(l.cpuMsPerBareStart) * 10) / 10, `${Math.round(cpuTotal(u) * 10) / 10} (${u.temporal ?? '–'} + ${u.bench ?? '–'})`,
      ];
    }),
  ));
  const withStatements = r.levels.filter((l) => l.statements?.length);
  if (withStatements.length) {
    out.push('', '**PostgreSQL statements per dossier** (pg_stat_statements; execution time only, without network round trips and commit flushes):', '');
    out.push(table(
      ['Group', ...withStatements.map((l) => `c=${l.concurrency}: calls`), ...withStatements.map((l) => `c=${l.concurrency}: exec ms`)],
      [...new Set(withStatements.flatMap((l) => l.statements!.map((s) => s.group)))].map((g) => [
        g,
        ...withStatements.map((l) => l.statements!.find((s) => s.group === g)?.callsPerDossier),
        ...withStatements.map((l) => l.statements!.find((s) => s.group === g)?.execMsPerDossier),
      ]),
    ));
  }
  return out.join('\n');
}

function phaseRow(name: string, p: AlertPhase): Cell[] {
  const c = p.cpuMsPerAlert;
  return [name, c.worker, c.temporal, c.postgres, c.api, c.bench, p.load?.busyPct, p.load?.othersPct];
}

export function stormSection(s: StormResult): string {
  const c = s.check;
  const row = (name: string, l: LatencySummary | undefined): Cell[] => [name, l?.p50, l?.p95, l?.p99, l?.max];
  return [
    `${s.n} open one-step dossiers; at-risk (${s.atRiskRatio * 100}% of a ${s.stepSeconds} s step) and overdue deadlines all within ${s.windowSec} s; ` +
      `${s.alertsExpected} alerts expected. Recorded **${c.recorded}** (missing ${c.missingRecorded}, duplicated ${c.duplicateRecorded}, unexpected ${c.unexpectedRecorded}); ` +
      `delivered over SSE **${c.delivered}** (missing ${c.missingDelivered}, duplicated ${c.duplicateDelivered}). Registration ran at ${s.registration.throughput}/s and ended before the window. ` +
      `Alerts were recorded at ${s.alertsPerSec}/s; the last one ${s.drainSec} s after the last deadline.` +
      (s.intake ? ` Desks registering at c = ${s.intake.during.concurrency} meanwhile ran at ${s.intake.during.throughput}/s, against ${s.intake.alone.throughput}/s alone right after (ratio ${s.intake.ratio}).` : '') +
      (s.clock
        ? ` The deadline clock woke ${s.clock.timers + s.clock.signals} times (${s.clock.timers} timers, ${s.clock.signals} signals) and swept ${s.clock.sweeps} times in ${s.clock.runs} run(s): ${round(s.alertsExpected / Math.max(1, s.clock.sweeps), 1)} alerts per sweep.`
        : '') +
      (s.peakRssMiB?.worker !== undefined ? ` Peak resident memory meanwhile: worker ${s.peakRssMiB.worker} MiB, Temporal ${s.peakRssMiB.temporal ?? '–'} MiB.` : '') +
      (s.bare
        ? ` **Bare engine**, same storm right after (one timer per deadline, an empty task when it fires): ${s.bare.fired}/${s.bare.alarmsExpected} fired at ${s.bare.alarmsPerSec}/s, ` +
          `the last ${s.bare.drainSec} s after the last deadline; alerts ÷ bare alarms per second **${round(s.alertsPerSec / s.bare.alarmsPerSec, 2)}**.`
        : ''),
    '',
    table(['Lateness (ms)', 'p50', 'p95', 'p99', 'max'], [
      row('**Recorded** (`firedAt` − due)', c.firedLateness),
      row('**Delivered** over SSE (received − due)', c.deliveredLateness),
      row('Clock: timer fired − its scheduled instant', s.clock?.engineLate),
      row('Clock: timer fired → worker starts the task', s.clock?.pickup),
      row('Clock: task (sweeps back to back while alarms are already due — each inserts and NOTIFYs every due alert — then the next timer)', s.clock?.task),
      row('Bare engine: empty task run − due (same window, same server)', s.bare?.lateness),
      ...s.pollers.map((p) => row(`Database poller every ${p.intervalSec} s (model, + ${s.pollQueryMs} ms query)`, p.lateness)),
    ]),
    ...(s.alertPhase
      ? [
          '',
          'CPU per alert while the alerts fired (from a second before the first deadline to the last alert), and how busy the machine was meanwhile:',
          '',
          table(['Alert phase', 'Worker ms', 'Temporal ms', 'PostgreSQL ms', 'API ms', 'Bench ms', 'Machine busy %', 'Other processes %'], [
            phaseRow('Dossier workflows', s.alertPhase),
            ...(s.bare ? [phaseRow('Bare engine (its worker runs in the bench process)', s.bare.alertPhase)] : []),
          ]),
        ]
      : []),
  ].join('\n');
}

export function capacitySection(r: CapacityResult): string {
  return [
    `Ramp in steps of ${r.step} to ${r.max} open dossiers (working-day plans: every one keeps its timers pending), registering at concurrency ${r.concurrency}; intake figures are those of the step's own registrations.`,
    '',
    table(
      ['Open (ramp)', 'Open in PostgreSQL', 'Running workflows', 'Intake /s', 'p50 ms', 'p99 ms', 'Worker RSS MiB', 'Temporal RSS MiB', 'API RSS MiB', 'SQLite MiB', 'PostgreSQL MiB'],
      r.steps.map((s) => [s.rampOpen, s.openDossiers, s.runningWorkflows, s.throughput, s.latency.p50, s.latency.p99, s.workerRssMiB, s.temporalRssMiB, s.apiRssMiB, s.sqliteMiB, s.postgresMiB]),
    ),
    ...(r.steps.some((s) => s.cpuMsPerDossier)
      ? [
          '',
          '**CPU per registration at each step** (ms per process) and how busy the machine was meanwhile:',
          '',
          table(
            ['Open (ramp)', 'API', 'Worker', 'Temporal', 'PostgreSQL', 'Bench client', 'Total', 'Machine busy %', 'Other processes %'],
            r.steps.map((s) => {
              const c = s.cpuMsPerDossier ?? {};
              return [s.rampOpen, c.api, c.worker, c.temporal, c.postgres, c.bench, Math.round(cpuTotal(c) * 10) / 10, s.load?.busyPct, s.load?.othersPct];
            }),
          ),
        ]
      : []),
  ].join('\n');
}

export function readsSection(r: ReadsResult): string {
  const k = r.counts;
  const lines = [
    `${k.dossiers.toLocaleString('en-US')} dossiers in PostgreSQL (${r.generated.toLocaleString('en-US')} bulk-generated in ${Math.round(r.generationMs / 1000)} s; ` +
      `${k.open.toLocaleString('en-US')} open, ${k.overdue.toLocaleString('en-US')} overdue, ${k.activeSteps.toLocaleString('en-US')} open steps; ${k.postgresMiB} MiB).`,
    '',
    table(
      ['Query', 'Concurrency', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s'],
      r.queries.map((q) => [`${q.name}<br>\`${q.path}\``, q.concurrency, q.latency.p50, `**${q.latency.p95}**`, q.latency.p99, q.throughput]),
    ),
  ];
  if (r.unavailable.length) lines.push('', `Not available yet (404): ${r.unavailable.join(', ')}.`);
  return lines.join('\n');
}
