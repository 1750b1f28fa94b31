import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OnceCheck, Phase, WindowedErrors } from './chaos-check';
import { PHASES } from './chaos-check';
import type { Fault, FaultKind } from './chaos-faults';
import type { MachineLoad } from './proc-stats';
import type { LatencySummary } from './stats';

export interface ChaosResult {
  mode: 'quick' | 'full';
  seed: number;
  n: number;
  /** When the clients started (epoch ms): fault instants are given from it. */
  startedAt: number;
  machine: Partial<MachineLoad> & { loadAvg1: number };
  faults: Fault[];
  registration: { accepted: number; stored: number; runningWorkflows: number; completions: number; completionsReadBack: number; durationSec: number; throughput: number };
  recorded: OnceCheck & { expected: number; mayRing: number };
  streams: (OnceCheck & { name: string; connects: number; resumes: number; failedConnects: number })[];
  errors: WindowedErrors;
  /** delivered: first SSE arrival; fired: the alert's firedAt in the store. Minus the earliest instant it could ring. */
  lateness: { delivered: Record<Phase, LatencySummary>; fired: Record<Phase, LatencySummary> };
  recovery: Partial<Record<FaultKind, { n: number; backSec: number[]; healthySec: number[] }>>;
  audit: { ok: boolean; checked: number; chains: number };
  failures?: string[];
}

const PHASE_NAMES: Record<Phase, string> = { during: 'due during a fault window', between: 'due between faults', after: 'due after the last fault' };
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '–');
const t = (at: number, start: number) => `+${Math.round((at - start) / 1000)} s`;

/** The run's figures as Markdown: printed at the end, and the figures block of docs/reliability.md. */
export function renderChaos(r: ChaosResult): string {
  const start = r.startedAt;
  const lines = [
    `Run: ${r.mode}, seed ${r.seed}, ${r.n} dossiers; machine ${r.machine.busyPct ?? '?'} % busy during the run (${r.machine.oursPct ?? '?'} % the stack and the clients, ${r.machine.othersPct ?? '?'} % other processes), load average ${r.machine.loadAvg1.toFixed(2)} at the start.`,
    '',
    '| check | result |',
    '|---|---|',
    `| accepted registrations stored exactly once | ${r.registration.accepted} accepted, ${r.registration.stored} stored, ${r.registration.runningWorkflows} running workflows |`,
    `| alarms due that rang exactly once (store) | ${r.recorded.must - r.recorded.missing}/${r.recorded.must}; ${r.recorded.duplicated} twice, ${r.recorded.unexpected} not due; ${r.recorded.mayRing} racing a completion (at most once) |`,
    ...r.streams.map((s) => `| SSE ${s.name}: every alert exactly once | ${s.must - s.missing}/${s.must}; ${s.duplicated} twice, ${s.unexpected} not due; ${s.connects} connections (${s.resumes} resumed with Last-Event-ID, ${s.failedConnects} refused) |`),
    `| 5xx outside a fault window | ${r.errors.http5xx.outside} (inside: ${r.errors.http5xx.inWindow}) of ${r.errors.attempts} attempts; no answer: ${r.errors.noAnswer.outside} outside, ${r.errors.noAnswer.inWindow} inside |`,
    `| audit chain | ${r.audit.ok ? 'verifies' : 'BROKEN'} (${r.audit.checked} entries, ${r.audit.chains} chains) |`,
    '',
    `Registration: ${r.registration.accepted} in ${r.registration.durationSec} s (${r.registration.throughput}/s, every retry counted in the time); ${r.registration.completions} first steps completed (${r.registration.completionsReadBack} read back after a lost answer). Answered attempts took p50 ${ms(r.errors.latency.outside.p50)} ms, p99 ${ms(r.errors.latency.outside.p99)} ms, max ${ms(r.errors.latency.outside.max)} ms outside the fault windows; p50 ${ms(r.errors.latency.inWindow.p50)} ms, p99 ${ms(r.errors.latency.inWindow.p99)} ms, max ${ms(r.errors.latency.inWindow.max)} ms inside.`,
    '',
    '| fault | signal | at | process back | serving again | 5xx / no answer in its window |',
    '|---|---|---|---|---|---|',
    ...r.faults.map((f, i) => {
      const e = r.errors.perFault[i];
      return `| ${f.kind}: ${f.target} | ${f.signal} | ${t(f.at, start)} | ${f.backAt ? `${((f.backAt - f.at) / 1000).toFixed(1)} s` : '–'} | ${f.healthyAt ? `${((f.healthyAt - f.at) / 1000).toFixed(1)} s` : (f.error ?? '–')} | ${e ? `${e.http5xx} / ${e.noAnswer}${e.http5xx + e.noAnswer ? ` (${Object.entries(e.statuses).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}` : '–'} |`;
    }),
    '',
    '| alert lateness, ms (from the instant it could first ring) | n | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    ...(['delivered', 'fired'] as const).flatMap((what) =>
      PHASES.map((p) => {
        const l = r.lateness[what][p];
        return `| ${what === 'delivered' ? 'on SSE' : 'recorded'}, ${PHASE_NAMES[p]} | ${l.n} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`;
      }),
    ),
  ];
  if (r.failures?.length) lines.push('', 'FAILED:', ...r.failures.map((f) => `- ${f}`));
  return lines.join('\n');
}

const BEGIN = '<!-- chaos:begin (written by npm run chaos) -->';
const END = '<!-- chaos:end -->';

// This file runs compiled (dist/bench) and from source (bench).
const root = () => [resolve(__dirname, '..', '..'), resolve(__dirname, '..')].find((d) => existsSync(join(d, 'nest-cli.json')))!;

/** A full run's results go to bench/results/chaos-<timestamp>.json, beside the benchmarks'; a quick run's to the temp dir. */
export async function saveChaosResult(r: ChaosResult): Promise<string> {
  const file = r.mode === 'full' ? join(root(), 'bench', 'results', `chaos-${new Date(r.startedAt).toISOString().replace(/[:.]/g, '-')}.json`) : join(tmpdir(), `dossier-flow-chaos-${r.seed}.json`);
  await writeFile(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

/** Replaces the figures block of docs/reliability.md (the prose around it is written by hand). */
export async function writeReliabilityDoc(figures: string): Promise<string> {
  const file = join(root(), 'docs', 'reliability.md');
  const doc = await readFile(file, 'utf8').catch(() => `# Reliability\n\n${BEGIN}\n${END}\n`);
  const [before, rest] = doc.split(BEGIN);
  const after = rest?.split(END)[1] ?? '\n';
  await writeFile(file, `${before}${BEGIN}\n${figures}\n${END}${after}`);
  return file;
}
