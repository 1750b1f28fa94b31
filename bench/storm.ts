import { randomUUID } from 'node:crypto';
import { startBareEngine } from './bare';
import { sleep } from '../scripts/lib/ports';
import { deadlineClockId, TIMER_LEAD_MS } from '../workflows/dossier.contract';
import { findEvent, timedHistory } from './history';
import { runClosedLoop, type LoadResult } from './load';
import { measurePollQuery, simulatePoller } from './poller-model';
import { cpuMeter, type CpuDetail } from './cpu-detail';
import { resetStatements, topStatements, type TopStatement } from './intake-profile';
import { rssMiB, trackLoad, type CpuSnapshot, type MachineLoad } from './proc-stats';
import { benchAgency, benchCode, checkReceipt, createProcedure, registrationBody, wallNow, workingProcedure, type BenchProcedure } from './procedures';
import { agencySession } from './session';
import { openSseStream } from './sse-client';
import type { BenchStack } from './stack';
import { checkAlerts, deliveredOf, recordedCount, type AlertCheck, type Expected } from './storm-check';
import { round, summarize, type LatencySummary } from './stats';

export interface StormOptions {
  n: number;
  /** Every measured deadline (at-risk and overdue instants) falls inside this window, in seconds. */
  windowSec: number;
  concurrency: number;
  /** Headroom between the end of registration and the first deadline, in seconds. */
  marginSec: number;
  /** How long after the last deadline we keep waiting for stragglers before calling them missing. */
  graceSec: number;
  probe: number;
  /** DEADLINE_CLOCK_SHARDS the apps run with, for the record (the caller sets it). */
  clockShards?: number;
  /** Run the same storm on the bare engine right after (the engine's floor); off to compare clock shard counts quickly. */
  bare?: boolean;
  /** Registrations kept going at this concurrency while the alerts fire, then alone for as long: what the storm costs intake. 0: off. */
  intakeConcurrency?: number;
  log: (msg: string) => void;
}

export interface StormResult {
  n: number;
  alertsExpected: number;
  windowSec: number;
  stepSeconds: number;
  atRiskRatio: number;
  registration: { throughput: number; durationMs: number; errors: number; lateForMeasurement: number; retried503?: number };
  check: AlertCheck;
  /** Alerts recorded per second between the first and the last one: what the system sustained. */
  alertsPerSec: number;
  /** Last alert recorded − last deadline, in seconds: how long the backlog took to clear. */
  drainSec: number;
  /** From the deadline clock's histories over the alert phase: its wake-ups and what each cost. */
  clock?: { runs: number; sweeps: number; timers: number; signals: number; engineLate: LatencySummary; pickup: LatencySummary; task: LatencySummary };
  /** From a second before the first deadline to the last alert: CPU ms per alert of each process, and the machine's load. */
  alertPhase?: AlertPhase;
  /** Peak resident memory while the alerts fired (sampled every couple of seconds): the sticky cache's cost. */
  peakRssMiB?: { worker?: number; temporal?: number };
  pollQueryMs: number;
  pollers: { intervalSec: number; lateness: LatencySummary }[];
  /** DEADLINE_CLOCK_SHARDS the apps ran with (undefined: the default). */
  clockShards?: number;
  /** Registrations while the alerts fired and then alone for as long (long deadlines: no alarm of theirs in the window). */
  intake?: { during: LoadResult; alone: LoadResult; ratio: number };
  /** The same storm on the bare engine (same server, worker tuning, N and window), right after. */
  bare?: BareStormResult;
  failures: string[];
}

export interface AlertPhase {
  cpuMsPerAlert: CpuSnapshot;
  /** Each of the cluster's Temporal services, and PostgreSQL by whom it serves (app or Temporal's stores). */
  detail?: CpuDetail;
  load?: MachineLoad;
  /** The app database's costliest statements over the phase (pg_stat_statements), when the bench's PostgreSQL has it. */
  statements?: TopStatement[];
}

export interface BareStormResult {
  alarmsExpected: number;
  fired: number;
  startsPerSec: number;
  /** Alarm tasks run per second between the first and the last one. */
  alarmsPerSec: number;
  drainSec: number;
  /** When the worker ran the task of a fired timer − its deadline. */
  lateness: LatencySummary;
  /** `bench` here is the bare worker, which runs inside the bench process. */
  alertPhase: AlertPhase;
  /** Alarm tasks that ran again after a timed-out workflow task (overload); counted once in `fired`. */
  refired: number;
}

/** Starts measuring a storm's alert phase a second before its first deadline. */
async function alertPhase(stack: BenchStack, first: number): Promise<(alerts: number) => Promise<AlertPhase>> {
  await sleep(Math.max(0, first - 1000 - Date.now()));
  if (stack.pgStatStatements) await resetStatements(stack.db);
  const [meter, load] = [await cpuMeter(stack.pids, stack.db), trackLoad(() => stack.pids)];
  return async (alerts) => {
    const cost = await meter(alerts);
    const statements = stack.pgStatStatements ? await topStatements(stack.db) : undefined;
    return { cpuMsPerAlert: cost.cpu, detail: cost.detail, load: load(), statements };
  };
}

const AT_RISK_RATIO = 0.99;

/**
 * N one-step dossiers whose at-risk and overdue instants all fall inside one window. The step is
 * sized so registration ends well before the first deadline: each dossier's receipt is back-dated
 * by a random share of the window, so the deadlines spread evenly over it instead of following the
 * order of registration. The dossier-level deadlines lie a day away and never fire here, so every
 * alert that fires belongs to the storm and is counted.
 */
export async function runStorm(stack: BenchStack, opts: StormOptions): Promise<StormResult> {
  const { log } = opts;
  const failures: string[] = [];
  const runKey = randomUUID().slice(0, 8);
  const probeAgency = workingProcedure(benchAgency('P'));
  const agency = benchAgency('S');
  const { http: probeHttp } = await agencySession(stack, probeAgency.agencyCode);
  const { http, token } = await agencySession(stack, agency);
  try {
    // Probe the registration rate to size the step: too short and late registrations would fire at once.
    const probe = await createProcedure(probeHttp, probeAgency);
    const probeRun = await runClosedLoop({ n: opts.probe, concurrency: opts.concurrency, log, label: 'storm rate probe' }, async (i) => {
      const res = await probeHttp.post('/api/dossiers', registrationBody(probe.code, i), { 'idempotency-key': `bench-${runKey}-probe-${i}` });
      const r = checkReceipt(res.status, res.body, probe.steps.length);
      return typeof r === 'string' ? r : res.ms;
    });
    if (probeRun.errors) throw new Error(`storm probe failed: ${probeRun.errorSamples[0]}`);
    const { stepSeconds, spreadSec } = stormTiming(opts, probeRun.throughput);

    const plan: BenchProcedure = {
      code: benchCode(),
      name: 'Deadline storm (bench)',
      agencyCode: agency,
      legalTime: { seconds: 86_400 },
      steps: [{ key: 'review', name: 'Thẩm định hồ sơ', role: 'reviewer', departmentCode: 'STORM', duration: { seconds: stepSeconds }, atRiskRatio: AT_RISK_RATIO }],
    };
    await createProcedure(http, plan);
    const sse = await openSseStream(`${stack.apiUrl}/api/alerts/stream`, token);
    const t0 = Date.now();
    log(`storm: ${opts.n} dossiers, step ${stepSeconds} s (at risk at ${AT_RISK_RATIO * 100}%), deadlines spread over ${round(spreadSec + (1 - AT_RISK_RATIO) * stepSeconds)} s from ${new Date(t0 - spreadSec * 1000 + AT_RISK_RATIO * stepSeconds * 1000).toISOString()}`);
    const expected: Expected[] = [];
    let lateForMeasurement = 0;
    let retried503 = 0;
    const reg = await runClosedLoop({ n: opts.n, concurrency: opts.concurrency, log, label: 'storm registration' }, async (i) => {
      const receivedAt = new Date(randomReceipt(t0, spreadSec)).toISOString();
      // As a desk does: a 503 (Temporal did not answer in time) is retried with the same body and
      // Idempotency-Key, so a registration the API accepted but could not confirm counts once.
      const send = () => http.post('/api/dossiers', registrationBody(plan.code, i, receivedAt), { 'idempotency-key': `bench-${runKey}-storm-${i}` });
      let res = await send();
      for (let tries = 1; res.status === 503 && tries < 5; tries++) {
        retried503 += 1;
        await new Promise((r) => setTimeout(r, 1000));
        res = await send();
      }
      const r = checkReceipt(res.status, res.body, 1);
      if (typeof r === 'string') return r;
      const e = { code: r.code, atRiskAt: Date.parse(r.steps[0].atRiskAt), dueAt: Date.parse(r.steps[0].dueAt) };
      if (wallNow() > e.atRiskAt - 500) lateForMeasurement += 1;
      expected.push(e);
      return res.ms;
    });
    if (reg.errors) failures.push(`storm registration: ${reg.errors} failed, e.g. ${reg.errorSamples[0]}`);
    if (retried503) log(`storm registration: ${retried503} answers were 503 and retried with the same Idempotency-Key`);
    if (lateForMeasurement) log(`WARNING: ${lateForMeasurement} storm dossiers were registered less than 0.5 s before their first deadline; raise --storm-margin`);
    const first = Math.min(...expected.map((e) => e.atRiskAt));
    const last = Math.max(...expected.map((e) => e.dueAt));
    log(`storm: ${expected.length} registered in ${round(reg.durationMs / 1000)} s; first deadline in ${round((first - Date.now()) / 1000)} s, window ${round((last - first) / 1000)} s`);

    const want = expected.length * 2;
    let recorded = 0;
    const peak: { worker?: number; temporal?: number } = {};
    const phaseEnd = await alertPhase(stack, first);
    // Desks keep registering while the alerts fire (on the probe's procedure: working-day
    // deadlines, none in the window), until the last deadline; then alone for as long.
    const intakeFor = (label: string, ms: number) =>
      runClosedLoop({ n: Number.MAX_SAFE_INTEGER, concurrency: opts.intakeConcurrency!, log, label, untilMs: performance.now() + ms }, async (i) => {
        const res = await probeHttp.post('/api/dossiers', registrationBody(probe.code, i), { 'idempotency-key': `bench-${runKey}-${label.replace(/\W+/g, '-')}-${i}` });
        const r = checkReceipt(res.status, res.body, probe.steps.length);
        return typeof r === 'string' ? r : res.ms;
      });
    const intakeMs = Math.max(5000, last - Date.now());
    const during = opts.intakeConcurrency ? intakeFor('intake during the storm', intakeMs) : undefined;
    await waitWhileArriving(opts, last, async () => {
      // Peak memory while the alerts fire: the sticky cache's cost.
      const [w, t] = [rssMiB(stack.pids.worker), rssMiB(stack.pids.temporal)];
      if (w !== undefined) peak.worker = Math.max(peak.worker ?? 0, w);
      if (t !== undefined) peak.temporal = Math.max(peak.temporal ?? 0, t);
      recorded = await recordedCount(stack.db, agency);
      const delivered = deliveredOf(sse.events, agency).length;
      return { seen: recorded + delivered, done: recorded >= want && delivered >= want, line: `storm: ${recorded}/${want} recorded, ${delivered}/${want} delivered` };
    });
    const phase = await phaseEnd(recorded);
    for (const st of phase.statements?.slice(0, 6) ?? []) log(`storm: SQL ${st.totalMs} ms in ${st.calls} calls (exec ${st.execMs} + plan ${st.planMs} ms each, slowest ${st.maxExecMs}): ${st.query}`);
    await sleep(2000); // a late duplicate would show up here
    sse.close();
    let intake: StormResult['intake'];
    if (during) {
      const d = await during;
      const alone = await intakeFor('intake alone', intakeMs);
      // From the counts, not the rounded rates: 17.95/s against 22.54/s is 0.796, not 18.0 ÷ 22.5.
      const rate = (l: LoadResult) => l.latency.n / Math.max(1, l.durationMs);
      intake = { during: d, alone, ratio: round(rate(d) / Math.max(1e-9, rate(alone)), 3) };
      log(`storm: intake ${d.throughput}/s while the alerts fired, ${alone.throughput}/s alone (ratio ${intake.ratio})`);
      if (d.errors || alone.errors) failures.push(`storm intake: ${d.errors} errors during, ${alone.errors} alone, e.g. ${[...d.errorSamples, ...alone.errorSamples][0]}`);
    }

    const check = await checkAlerts(stack.db, agency, expected, sse.events);
    const { rows: span } = await stack.db.query<{ first: Date | null; last: Date | null }>(
      `SELECT min(fired_at) AS first, max(fired_at) AS last FROM alerts WHERE dossier_code LIKE $1`,
      [`${agency}-%`],
    );
    const firedFirst = span[0].first?.getTime() ?? Number.NaN;
    const firedLast = span[0].last?.getTime() ?? Number.NaN;
    failures.push(...check.problems.map((p) => `storm: ${p}`));
    log(`storm: recorded ${check.recorded}/${check.expected}, delivered ${check.delivered}/${check.expected}; fired p99 ${check.firedLateness.p99} ms, delivered p99 ${check.deliveredLateness.p99} ms`);
    log(`storm: worst recorded lateness per second of the window (ms): ${check.worstBySecond.join(' ')}`);
    // From a second before the clock's timer (it fires TIMER_LEAD_MS ahead of the first deadline).
    const clock = await clockTimings(stack, first - 1000 - TIMER_LEAD_MS, Number.isFinite(firedLast) ? firedLast + 1000 : Date.now());
    const pollQueryMs = await measurePollQuery(stack.db);
    const bare = opts.bare === false ? undefined : await runBareStorm(stack, opts, failures);
    const targets = expected.flatMap((e) => [e.atRiskAt, e.dueAt]);
    return {
      n: opts.n,
      alertsExpected: want,
      windowSec: round((last - first) / 1000),
      stepSeconds,
      atRiskRatio: AT_RISK_RATIO,
      registration: { throughput: reg.throughput, durationMs: reg.durationMs, errors: reg.errors, lateForMeasurement, retried503 },
      check,
      alertsPerSec: round(check.recorded / Math.max(0.001, (firedLast - firedFirst) / 1000)),
      drainSec: round((firedLast - last) / 1000),
      clock,
      alertPhase: phase,
      peakRssMiB: peak,
      pollQueryMs,
      pollers: [1, 5, 60].map((s) => ({ intervalSec: s, lateness: simulatePoller(targets, s * 1000, pollQueryMs) })),
      bare,
      clockShards: opts.clockShards,
      intake,
      failures,
    };
  } finally {
    http.close();
    probeHttp.close();
  }
}

/**
 * The step length that lets registration (at the probed rate) end `marginSec` before the first
 * deadline, and the spread of receipt times that puts every at-risk and overdue instant in the window.
 */
function stormTiming(opts: StormOptions, registrationsPerSec: number): { stepSeconds: number; spreadSec: number } {
  const expectedRegSec = opts.n / registrationsPerSec;
  const stepSeconds = Math.ceil((opts.windowSec + expectedRegSec * 1.3 + opts.marginSec) / AT_RISK_RATIO);
  const spreadSec = opts.windowSec - (1 - AT_RISK_RATIO) * stepSeconds - 0.5;
  if (spreadSec <= 0) throw new Error(`storm window ${opts.windowSec} s is too short for a ${stepSeconds} s step; raise --storm-window`);
  return { stepSeconds, spreadSec };
}

/** A storm dossier's receipt: a random instant of the spread before `t0` (epoch ms), so its deadlines spread over the window. */
const randomReceipt = (t0: number, spreadSec: number) => t0 - Math.random() * spreadSec * 1000;

/**
 * Keeps polling while arrivals (alerts, alarms) keep coming: a backlog is lateness to measure, not
 * loss. Returns once `poll` says all are in, or when nothing new has come for graceSec after the
 * last deadline (the rest are then missing), printing its progress line every 2 s.
 */
async function waitWhileArriving(opts: StormOptions, last: number, poll: () => Promise<{ seen: number; done: boolean; line: string }>): Promise<void> {
  let [seen, progressAt] = [-1, Date.now()];
  for (;;) {
    const p = await poll();
    const now = Date.now();
    if (p.seen !== seen) [seen, progressAt] = [p.seen, now];
    if (p.done || (now > last + opts.graceSec * 1000 && now - progressAt > opts.graceSec * 1000) || now > last + 3_600_000) return;
    opts.log(`  ${p.line}`);
    await sleep(2000);
  }
}

/**
 * The engine's floor under the same storm: N workflows with one durable timer per deadline, the
 * same two deadlines per workflow spread over the same window, and an empty task when each fires
 * (timed by a sink in the bench's own worker, tuned like the dossier worker). What the dossier
 * workflow adds on top is its projection of state, the alert insert and NOTIFY, and SSE.
 */
async function runBareStorm(stack: BenchStack, opts: StormOptions, failures: string[]): Promise<BareStormResult | undefined> {
  const { log } = opts;
  const engine = await startBareEngine(stack.temporal, stack.temporalAddress, stack.config);
  try {
    const runKey = randomUUID().slice(0, 8);
    const load = (label: string, n: number) => ({ n, concurrency: opts.concurrency, log, label });
    // No deadlines: the probe's workflows end at once and only time the starts.
    const probe = await runClosedLoop(load('bare storm rate probe', opts.probe), (i) => engine.alarms(`bare-probe-${runKey}-${i}`, [], 60_000));
    const { stepSeconds, spreadSec } = stormTiming(opts, probe.throughput);
    const t0 = Date.now();
    const dues: number[] = [];
    const starts = await runClosedLoop(load('bare storm starts', opts.n), (i) => {
      const receivedAt = randomReceipt(t0, spreadSec);
      const d = [receivedAt + AT_RISK_RATIO * stepSeconds * 1000, receivedAt + stepSeconds * 1000];
      dues.push(...d);
      return engine.alarms(`bare-storm-${runKey}-${i}`, d, (stepSeconds + 3600) * 1000);
    });
    if (starts.errors) failures.push(`bare storm: ${starts.errors} starts failed, e.g. ${starts.errorSamples[0]}`);
    const last = Math.max(...dues);
    const phaseEnd = await alertPhase(stack, Math.min(...dues));
    const fired = engine.fired;
    await waitWhileArriving(opts, last, async () => ({ seen: fired.length, done: fired.length >= dues.length, line: `bare storm: ${fired.length}/${dues.length} fired` }));
    if (fired.length !== dues.length) failures.push(`bare storm: ${fired.length} of ${dues.length} alarms fired`);
    const at = fired.map((f) => f.at);
    const result: BareStormResult = {
      alarmsExpected: dues.length,
      fired: fired.length,
      startsPerSec: starts.throughput,
      alarmsPerSec: round(fired.length / Math.max(0.001, (Math.max(...at) - Math.min(...at)) / 1000)),
      drainSec: round((Math.max(...at) - last) / 1000),
      lateness: summarize(fired.map((f) => f.at - f.due)),
      alertPhase: await phaseEnd(fired.length),
      refired: engine.refired(),
    };
    log(`bare storm: ${result.fired}/${result.alarmsExpected} fired at ${result.alarmsPerSec}/s; lateness p50 ${result.lateness.p50} ms, p99 ${result.lateness.p99} ms${result.refired ? `; ${result.refired} alarm tasks ran again after a timed-out workflow task (counted once)` : ''}`);
    return result;
  } catch (err) {
    failures.push(`bare storm: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  } finally {
    await engine.stop();
  }
}

/**
 * What the deadline clock did during the storm, from its histories (every run: it continues as new
 * after its sweeps per run). Each wake-up is a timer on the earliest pending alarm or a signal for
 * an earlier one; a sweep then records every alert due by then. Per timer: how late the engine
 * fired it after its scheduled instant (`engineLate`), the wait for a worker (`pickup`), and the
 * task (`task`: sweeps back to back while alarms are already due, then the next timer).
 */
async function clockTimings(stack: BenchStack, from: number, to: number): Promise<StormResult['clock']> {
  const acc = { engineLate: [] as number[], pickup: [] as number[], task: [] as number[] };
  let runs = 0;
  let sweeps = 0;
  let signals = 0;
  // Every shard's clock (their ids share the task queue's prefix).
  const prefix = deadlineClockId(stack.taskQueue, { shard: 0, shards: 1 }).replace(/0-of-1$/, '');
  for await (const run of stack.temporal.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}'` })) {
    const events = await timedHistory(stack.temporal, run.workflowId, run.runId).catch(() => undefined);
    if (!events?.some((e) => e.at >= from && e.at <= to)) continue;
    runs += 1;
    events.forEach((e, i) => {
      if (e.at < from || e.at > to) return;
      if (e.kind === 'marker') sweeps += 1;
      if (e.kind === 'signaled') signals += 1;
      if (e.kind !== 'timerFired') return;
      const timerStarted = events.find((x) => x.kind === 'timerStarted' && x.timerId === e.timerId);
      if (timerStarted?.timeoutMs !== undefined) acc.engineLate.push(e.at - (timerStarted.at + timerStarted.timeoutMs));
      const started = findEvent(events, 'taskStarted', i);
      const completed = started && findEvent(events, 'taskCompleted', started.index);
      if (started) acc.pickup.push(started.at - e.at);
      if (started && completed) acc.task.push(completed.at - started.at);
    });
  }
  if (runs === 0) return undefined;
  return { runs, sweeps, timers: acc.engineLate.length, signals, engineLate: summarize(acc.engineLate), pickup: summarize(acc.pickup), task: summarize(acc.task) };
}
