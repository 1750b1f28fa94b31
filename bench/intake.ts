import { randomUUID } from 'node:crypto';
import { startBareEngine } from './bare';
import type { HttpClient } from './http-client';
import { agencySession } from './session';
import { latencyBreakdown, resetStatements, statementsPerDossier, type LatencyBreakdown, type RequestTrace, type StatementGroup } from './intake-profile';
import { runClosedLoop, type LoadResult } from './load';
import { benchAgency, checkReceipt, createProcedure, registrationBody, wallNow, workingProcedure, type BenchProcedure } from './procedures';
import { cpuPerUnit, cpuSnapshot, type CpuSnapshot } from './proc-stats';
import type { BenchStack } from './stack';
import { median, medianSummary, round, type LatencySummary } from './stats';

export interface IntakeOptions {
  concurrencies: number[];
  n: number;
  repeats: number;
  warmup: number;
  /** Registrations are spread over this many agencies (one procedure each); each agency has its own daily code sequence. */
  agencies: number;
  profileSamples: number;
  log: (msg: string) => void;
}

export interface IntakeRepeat {
  intake: LoadResult;
  bare: LoadResult;
  bareUws: LoadResult;
  /** intake throughput ÷ bare start throughput, both measured in this repeat. */
  ratio: number;
  cpuMsPerDossier: CpuSnapshot;
  cpuMsPerBareStart: CpuSnapshot;
  cpuMsPerBareUws: CpuSnapshot;
}

export interface IntakeLevel {
  concurrency: number;
  intakeThroughput: number;
  bareThroughput: number;
  bareUwsThroughput: number;
  ratio: number;
  ratioVsUws: number;
  intake: LatencySummary;
  bare: LatencySummary;
  bareUws: LatencySummary;
  cpuMsPerDossier: CpuSnapshot;
  cpuMsPerBareStart: CpuSnapshot;
  cpuMsPerBareUws: CpuSnapshot;
  breakdown?: LatencyBreakdown;
  statements?: StatementGroup[];
  repeats: IntakeRepeat[];
}

export interface IntakeResult {
  n: number;
  /** The update-with-start baseline is a diagnostic, not the goal's denominator: a quarter of N keeps the run shorter. */
  nUws: number;
  repeats: number;
  agencies: number;
  levels: IntakeLevel[];
  failures: string[];
}

function medianCpu(snaps: CpuSnapshot[]): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const key of ['api', 'worker', 'temporal', 'postgres', 'bench'] as const) {
    const values = snaps.map((s) => s[key]).filter((v): v is number => v !== undefined);
    if (values.length) out[key] = round(median(values));
  }
  return out;
}

/**
 * Registrations through HTTP against the bare engine, at each concurrency, in the same run:
 * every repeat measures `workflow.start` of an empty workflow, update-with-start of an empty
 * workflow and then real registrations back to back, so their ratio compares like with like.
 */
export async function runIntake(stack: BenchStack, opts: IntakeOptions): Promise<IntakeResult> {
  const { log } = opts;
  const clients = new Map<string, HttpClient>();
  const failures: string[] = [];
  const runKey = randomUUID().slice(0, 8);
  const nUws = Math.max(Math.min(opts.n, 50), Math.round(opts.n / 4));
  const procedures: BenchProcedure[] = [];
  for (let a = 0; a < opts.agencies; a++) {
    const p = workingProcedure(benchAgency('I'));
    const { http: client } = await agencySession(stack, p.agencyCode);
    clients.set(p.code, client);
    procedures.push(await createProcedure(client, p));
  }
  const bareEngine = await startBareEngine(stack.temporal, stack.temporalAddress, stack.config);

  const register = (tag: string, traces?: RequestTrace[]) => async (i: number): Promise<number | string> => {
    const p = procedures[i % procedures.length];
    const sent = wallNow();
    const res = await clients.get(p.code)!.post('/api/dossiers', registrationBody(p.code, i), { 'idempotency-key': `bench-${runKey}-${tag}-${i}` });
    const receipt = checkReceipt(res.status, res.body, p.steps.length);
    if (typeof receipt === 'string') return receipt;
    traces?.push({ code: receipt.code, sent, received: wallNow() });
    return res.ms;
  };
  const note = (label: string, r: LoadResult) => {
    log(`  ${label}: ${r.throughput}/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${r.errors ? `, ${r.errors} ERRORS` : ''}`);
    if (r.errors) failures.push(`${label}: ${r.errors} failed requests, e.g. ${r.errorSamples[0]}`);
  };

  try {
    // Warm-up: JIT, connection pools and the workers' caches, so the first measured level is not penalised.
    log(`intake warm-up (${opts.warmup} of each kind)`);
    const warm = { n: opts.warmup, concurrency: 8, log, label: 'warm-up' };
    note('warm-up start', await runClosedLoop(warm, () => bareEngine.start()));
    await bareEngine.drained();
    note('warm-up update-with-start', await runClosedLoop(warm, () => bareEngine.updateWithStart()));
    note('warm-up intake', await runClosedLoop(warm, register('warm')));

    const levels: IntakeLevel[] = [];
    for (const c of opts.concurrencies) {
      const repeats: IntakeRepeat[] = [];
      let breakdown: LatencyBreakdown | undefined;
      let statements: StatementGroup[] | undefined;
      for (let r = 0; r < opts.repeats; r++) {
        const tag = `c${c} #${r + 1}/${opts.repeats}`;
        const load = (label: string, n = opts.n) => ({ n, concurrency: c, log, label: `${label} ${tag}` });
        let cpu0 = cpuSnapshot(stack.pids);
        const bare = await runClosedLoop(load('bare start'), () => bareEngine.start());
        // Throughput counts the starts' answers; CPU runs on until the worker has run them all,
        // as a registration's CPU includes its workflow's first task.
        await bareEngine.drained();
        const cpuMsPerBareStart = cpuPerUnit(cpu0, cpuSnapshot(stack.pids), bare.n);
        note(`bare start ${tag}`, bare);
        cpu0 = cpuSnapshot(stack.pids);
        const bareUws = await runClosedLoop(load('bare update-with-start', nUws), () => bareEngine.updateWithStart());
        const cpuMsPerBareUws = cpuPerUnit(cpu0, cpuSnapshot(stack.pids), bareUws.n);
        note(`bare update-with-start ${tag}`, bareUws);

        const profile = r === 0;
        const traces: RequestTrace[] = [];
        if (profile && stack.pgStatStatements) await resetStatements(stack.db);
        cpu0 = cpuSnapshot(stack.pids);
        const intake = await runClosedLoop(load('intake'), register(`c${c}r${r}`, profile ? traces : undefined));
        const cpuMsPerDossier = cpuPerUnit(cpu0, cpuSnapshot(stack.pids), intake.n);
        note(`intake ${tag}`, intake);
        if (profile) {
          if (stack.pgStatStatements) statements = await statementsPerDossier(stack.db, intake.n);
          breakdown = await latencyBreakdown(stack.temporal, traces, opts.profileSamples);
        }
        repeats.push({ intake, bare, bareUws, ratio: round(intake.throughput / bare.throughput, 2), cpuMsPerDossier, cpuMsPerBareStart, cpuMsPerBareUws });
      }
      const level: IntakeLevel = {
        concurrency: c,
        intakeThroughput: round(median(repeats.map((x) => x.intake.throughput))),
        bareThroughput: round(median(repeats.map((x) => x.bare.throughput))),
        bareUwsThroughput: round(median(repeats.map((x) => x.bareUws.throughput))),
        ratio: round(median(repeats.map((x) => x.ratio)), 2),
        ratioVsUws: round(median(repeats.map((x) => x.intake.throughput / x.bareUws.throughput)), 2),
        intake: medianSummary(repeats.map((x) => x.intake.latency)),
        bare: medianSummary(repeats.map((x) => x.bare.latency)),
        bareUws: medianSummary(repeats.map((x) => x.bareUws.latency)),
        cpuMsPerDossier: medianCpu(repeats.map((x) => x.cpuMsPerDossier)),
        cpuMsPerBareStart: medianCpu(repeats.map((x) => x.cpuMsPerBareStart)),
        cpuMsPerBareUws: medianCpu(repeats.map((x) => x.cpuMsPerBareUws)),
        breakdown,
        statements,
        repeats,
      };
      log(`intake c=${c}: ${level.intakeThroughput}/s vs bare ${level.bareThroughput}/s → ratio ${level.ratio} (median of ${opts.repeats})`);
      levels.push(level);
    }
    return { n: opts.n, nUws, repeats: opts.repeats, agencies: opts.agencies, levels, failures };
  } finally {
    await bareEngine.stop();
    for (const c of clients.values()) c.close();
  }
}
