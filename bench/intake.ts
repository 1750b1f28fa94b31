import { randomUUID } from 'node:crypto';
import { startBareEngine } from './bare';
import { answersBeforeFirstTask, DEFAULT_INTAKE_MODE, drainFirstTasks } from './intake-drain';
import type { HttpClient } from './http-client';
import { agencySession } from './session';
import { latencyBreakdown, resetStatements, statementsPerDossier, type LatencyBreakdown, type RequestTrace, type StatementGroup } from './intake-profile';
import { runClosedLoop, type LoadResult } from './load';
import { benchAgency, checkReceipt, createProcedure, registrationBody, wallNow, workingProcedure, type BenchProcedure } from './procedures';
import { cpuMeter, medianDetail, medianPerUnit, type CpuDetail } from './cpu-detail';
import type { CpuSnapshot } from './proc-stats';
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
  /** The API's INTAKE_MODE (the stack's processes must run with it); the label of this run's rows. */
  mode?: string;
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
  /** Each of the cluster's Temporal services, and PostgreSQL by whom it serves (app or Temporal's stores). */
  detail: { intake: CpuDetail; bareStart: CpuDetail; bareUws: CpuDetail };
  /** A mode that answers before the first task: last answer → every workflow past its first task, ms (CPU is counted to then). */
  drainMs?: number;
  /** CPU ms per dossier of the drain's own checks (the same calls repeated once all were done): inside the CPU figures, to subtract by eye. */
  drainCheckCpuMs?: number;
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
  detail: { intake: CpuDetail; bareStart: CpuDetail; bareUws: CpuDetail };
  drainMs?: number;
  drainCheckCpuMs?: number;
  /** Registrations per second up to the drain (= intakeThroughput when the answer waits for the first task). */
  drainedThroughput: number;
  breakdown?: LatencyBreakdown;
  statements?: StatementGroup[];
  repeats: IntakeRepeat[];
}

export interface IntakeResult {
  mode: string;
  n: number;
  /** The update-with-start baseline is a diagnostic, not the goal's denominator: a quarter of N keeps the run shorter. */
  nUws: number;
  repeats: number;
  agencies: number;
  levels: IntakeLevel[];
  failures: string[];
}

/**
 * Registrations through HTTP against the bare engine, at each concurrency, in the same run:
 * every repeat measures `workflow.start` of an empty workflow, update-with-start of an empty
 * workflow and then real registrations back to back, so their ratio compares like with like.
 */
export async function runIntake(stack: BenchStack, opts: IntakeOptions): Promise<IntakeResult> {
  const { log } = opts;
  const mode = opts.mode ?? DEFAULT_INTAKE_MODE;
  const early = answersBeforeFirstTask(mode);
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

  // Codes registered since the last drain: a mode that answers early is measured to its drain.
  let undrained: string[] = [];
  const drain = async () => {
    const codes = undrained;
    undrained = [];
    return early ? { ms: await drainFirstTasks(stack, codes, log), codes } : undefined;
  };
  /** CPU ms per dossier of a drain's checks: the same calls again, when every workflow is past its first task. */
  const drainCheckCost = async (codes: string[]) => {
    const meter = await cpuMeter(stack.pids);
    await drainFirstTasks(stack, codes, () => undefined);
    return round(Object.values((await meter(codes.length)).cpu).reduce((a: number, b) => a + (b ?? 0), 0));
  };
  const register = (tag: string, traces?: RequestTrace[]) => async (i: number): Promise<number | string> => {
    const p = procedures[i % procedures.length];
    const sent = wallNow();
    const res = await clients.get(p.code)!.post('/api/dossiers', registrationBody(p.code, i), { 'idempotency-key': `bench-${runKey}-${tag}-${i}` });
    const receipt = checkReceipt(res.status, res.body, p.steps.length);
    if (typeof receipt === 'string') return receipt;
    traces?.push({ code: receipt.code, sent, received: wallNow() });
    undrained.push(receipt.code);
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
    await drain();

    const levels: IntakeLevel[] = [];
    for (const c of opts.concurrencies) {
      const repeats: IntakeRepeat[] = [];
      let breakdown: LatencyBreakdown | undefined;
      let statements: StatementGroup[] | undefined;
      for (let r = 0; r < opts.repeats; r++) {
        const tag = `c${c} #${r + 1}/${opts.repeats}`;
        const load = (label: string, n = opts.n) => ({ n, concurrency: c, log, label: `${label} ${tag}` });
        let meter = await cpuMeter(stack.pids, stack.db);
        const bare = await runClosedLoop(load('bare start'), () => bareEngine.start());
        // Throughput counts the starts' answers; CPU runs on until the worker has run them all,
        // as a registration's CPU includes its workflow's first task.
        await bareEngine.drained();
        const bareStartCost = await meter(bare.n);
        note(`bare start ${tag}`, bare);
        meter = await cpuMeter(stack.pids, stack.db);
        const bareUws = await runClosedLoop(load('bare update-with-start', nUws), () => bareEngine.updateWithStart());
        const bareUwsCost = await meter(bareUws.n);
        note(`bare update-with-start ${tag}`, bareUws);

        const profile = r === 0;
        const traces: RequestTrace[] = [];
        if (profile && stack.pgStatStatements) await resetStatements(stack.db);
        meter = await cpuMeter(stack.pids, stack.db);
        const intake = await runClosedLoop(load('intake'), register(`c${c}r${r}`, profile ? traces : undefined));
        const drained = await drain();
        const cost = await meter(intake.n);
        const [drainMs, drainCheckCpuMs] = drained ? [drained.ms, await drainCheckCost(drained.codes)] : [];
        note(`intake ${tag}`, intake);
        if (drainMs !== undefined) log(`  drained ${round(drainMs / 1000)} s after the last answer; the checks cost ${drainCheckCpuMs} ms of CPU per dossier`);
        if (profile) {
          if (stack.pgStatStatements) statements = await statementsPerDossier(stack.db, intake.n);
          // Cut at the first task's end, which an early answer does not wait for: no breakdown then.
          if (!early) breakdown = await latencyBreakdown(stack.temporal, traces, opts.profileSamples);
        }
        repeats.push({
          intake, bare, bareUws, ratio: round(intake.throughput / bare.throughput, 2), drainMs, drainCheckCpuMs,
          cpuMsPerDossier: cost.cpu, cpuMsPerBareStart: bareStartCost.cpu, cpuMsPerBareUws: bareUwsCost.cpu,
          detail: { intake: cost.detail, bareStart: bareStartCost.detail, bareUws: bareUwsCost.detail },
        });
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
        cpuMsPerDossier: medianPerUnit(repeats.map((x) => x.cpuMsPerDossier)),
        cpuMsPerBareStart: medianPerUnit(repeats.map((x) => x.cpuMsPerBareStart)),
        cpuMsPerBareUws: medianPerUnit(repeats.map((x) => x.cpuMsPerBareUws)),
        detail: {
          intake: medianDetail(repeats.map((x) => x.detail.intake)),
          bareStart: medianDetail(repeats.map((x) => x.detail.bareStart)),
          bareUws: medianDetail(repeats.map((x) => x.detail.bareUws)),
        },
        drainMs: early ? round(median(repeats.map((x) => x.drainMs ?? Number.NaN))) : undefined,
        drainCheckCpuMs: early ? round(median(repeats.map((x) => x.drainCheckCpuMs ?? Number.NaN))) : undefined,
        drainedThroughput: round(median(repeats.map((x) => (x.intake.n - x.intake.errors) / ((x.intake.durationMs + (x.drainMs ?? 0)) / 1000)))),
        breakdown,
        statements,
        repeats,
      };
      log(`intake${opts.mode ? ` (${mode})` : ''} c=${c}: ${level.intakeThroughput}/s vs bare ${level.bareThroughput}/s → ratio ${level.ratio} (median of ${opts.repeats})`);
      levels.push(level);
    }
    return { mode, n: opts.n, nUws, repeats: opts.repeats, agencies: opts.agencies, levels, failures };
  } finally {
    await bareEngine.stop();
    for (const c of clients.values()) c.close();
  }
}
