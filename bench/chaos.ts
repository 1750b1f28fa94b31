import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { loadConfig } from '../libs/config/src';
import { onShutdownSignal } from '../scripts/lib/children';
import { launchStack, scratchClusterOptions, type LaunchedStack } from '../scripts/lib/launcher';
import { sleep } from '../scripts/lib/ports';
import { alertsOnStream, checkOnce, errorsByWindow, expectedAlarms, latenessByPhase, recoveryByKind, type AlertSeen, type ExpectedAlarm } from './chaos-check';
import { runFaults, seededRandom, type Fault } from './chaos-faults';
import { runClients, subscribe, type Attempt, type ClientsResult, type Subscriber } from './chaos-load';
import type { HttpClient } from './http-client';
import { chaosOptions, type ChaosOptions } from './chaos-options';
import { renderChaos, saveChaosResult, writeReliabilityDoc, type ChaosResult } from './chaos-report';
import { benchAgency, benchCode, createProcedure, registrationBody, workingProcedure, type BenchProcedure } from './procedures';
import { trackTreeLoad } from './proc-stats';
import { agencySession } from './session';
import { launchFailureLine } from '../scripts/lib/launch-error';

const startedMs = Date.now();
function log(msg: string): void {
  const s = Math.round((Date.now() - startedMs) / 1000);
  process.stdout.write(`[chaos ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}\n`);
}

const STEP_KEYS = ['reception', 'review'] as const;

function chaosProcedure(agencyCode: string, o: ChaosOptions): BenchProcedure {
  return {
    code: benchCode(),
    name: 'Chaos run (bench)',
    agencyCode,
    // A day: the dossier-level alarms never come due during the run, so every alert is a step's.
    legalTime: { seconds: 86_400 },
    steps: [
      { key: STEP_KEYS[0], name: 'Tiếp nhận hồ sơ', role: 'reception', duration: { seconds: o.stepSec[0] }, atRiskRatio: o.atRiskRatio },
      { key: STEP_KEYS[1], name: 'Thẩm định hồ sơ', role: 'reviewer', duration: { seconds: o.stepSec[1] }, atRiskRatio: o.atRiskRatio },
    ],
  };
}

/** The cluster topology exactly as `npm run start:cluster` launches it, on free ports and a scratch folder. */
async function launch(dir: string, stackLog: (m: string) => void, onFatal: (reason: string) => void): Promise<LaunchedStack> {
  return launchStack(
    await scratchClusterOptions(dir, { ...process.env, LOG_LEVEL: 'warn' }, {
      appEnv: { LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '86400', LOGIN_RATE_LIMIT_PER_MINUTE: '10000' },
      log: stackLog,
      onFatal,
    }),
  );
}

async function run(o: ChaosOptions, stack: LaunchedStack, failures: string[]): Promise<ChaosResult> {
  const runKey = randomUUID().slice(0, 8);
  const random = seededRandom(o.seed);
  const db = new Pool({ connectionString: stack.databaseUrl, max: 3 });
  db.on('error', () => undefined); // PostgreSQL is restarted on purpose; the pool reconnects
  const temporal = await Connection.connect({ address: stack.temporalAddress });
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const agency = benchAgency('C');
  const probeAgency = workingProcedure(benchAgency('H'));
  const { http, token } = await agencySession({ db, apiUrl: stack.apiUrl }, agency);
  const { http: probeHttp } = await agencySession({ db, apiUrl: stack.apiUrl }, probeAgency.agencyCode);
  const subscribers = Array.from({ length: o.subscribers }, (_, i) => subscribe(`sse${i + 1}`, `${stack.apiUrl}/api/alerts/stream`, token, o.reconnectEveryMs, random));
  const attempts: Attempt[] = [];
  try {
    const plan = await createProcedure(http, chaosProcedure(agency, o));
    await createProcedure(probeHttp, probeAgency);
    while (subscribers.some((s) => s.connects === 0)) await sleep(100);
    let probes = 0;
    const machine = trackTreeLoad();
    const load0 = loadavg()[0]!;
    log(`${o.n} dossiers by ${o.clients} clients, ${o.subscribers} SSE subscribers, faults ${o.faults.join(', ')}; seed ${o.seed}`);

    const startedAt = Date.now();
    const faultsDone = runFaults(
      { kinds: o.faults, gapSec: o.gapSec },
      {
        stack, temporal, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, apiProcesses: 2, random,
        // A request queued behind the outage may still wait this long before the API answers 503: the window's margin.
        marginMs: config.TEMPORAL_CALL_TIMEOUT_MS, recoveryTimeoutMs: o.recoveryTimeoutMs, log,
        probe: async () => {
          const res = await probeHttp.post('/api/dossiers', registrationBody(probeAgency.code, probes), { 'idempotency-key': `chaos-probe-${runKey}-${probes++}` }, 10_000).catch(() => undefined);
          return res?.status === 201;
        },
      },
    );
    const clients = await runClients({
      http, n: o.n, concurrency: o.clients, procedureCode: plan.code, stepKeys: [...STEP_KEYS], runKey, completeEvery: o.completeEvery, bucketMs: o.bucketMs,
      giveUpMs: o.recoveryTimeoutMs, attemptTimeoutMs: 30_000, attempts, log,
    });
    failures.push(...clients.failures.slice(0, 10), ...(clients.failures.length > 10 ? [`… and ${clients.failures.length - 10} more client failures`] : []));
    log(`registration: ${clients.accepted.length}/${o.n} accepted in ${Math.round(clients.load.durationMs / 1000)} s, ${clients.completions.length} first steps completed`);

    // What must ring, from the receipts and completions; then wait for the faults and for every alarm to come due and arrive.
    const uncertain = new Set(clients.failures.map((f) => /^completing (\S+):/.exec(f)?.[1]).filter((c): c is string => !!c));
    const expected = expectedAlarms(clients.accepted, clients.completions, STEP_KEYS, uncertain, o.ambiguityMs);
    const must = [...expected.values()].filter((e) => e.ring === 'must');
    const lastDue = Math.max(...must.map((e) => e.from));
    let faults: Fault[] | undefined;
    void faultsDone.then((f) => (faults = f));
    let [seen, progressAt] = [-1, Date.now()];
    for (;;) {
      const counts = subscribers.map((s) => new Set(alertsOnStream(s.received(), agency).map((a) => `${a.code}|${a.stepKey}|${a.kind}`)).size);
      const total = counts.reduce((a, b) => a + b, 0);
      if (total !== seen) [seen, progressAt] = [total, Date.now()];
      const allIn = counts.every((c) => c >= must.length);
      if (faults && Date.now() > lastDue && (allIn || Date.now() - progressAt > o.graceSec * 1000)) break;
      log(`  alarms seen per subscriber ${counts.join(', ')} of ${must.length}; faults ${faults ? 'done' : 'running'}; last alarm due in ${Math.max(0, Math.round((lastDue - Date.now()) / 1000))} s`);
      await sleep(5000);
    }
    const busy = machine();
    await sleep(3000); // a late duplicate would show up here
    await Promise.all(subscribers.map((s) => s.stop()));
    const done = faults ?? (await faultsDone);
    return await judge({ o, db, temporal, http, agency, plan, clients, expected, faults: done, attempts, subscribers, failures, machine: { ...busy, loadAvg1: load0 }, startedAt });
  } finally {
    await Promise.all(subscribers.map((s) => s.stop()));
    http.close();
    probeHttp.close();
    await temporal.close().catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}

interface JudgeInput {
  o: ChaosOptions;
  db: Pool;
  temporal: Connection;
  http: HttpClient;
  agency: string;
  plan: BenchProcedure;
  clients: ClientsResult;
  expected: Map<string, ExpectedAlarm>;
  faults: Fault[];
  attempts: Attempt[];
  subscribers: Subscriber[];
  failures: string[];
  machine: ChaosResult['machine'];
  startedAt: number;
}

/** The end-of-run checks, each against what the clients were told, and the figures. */
async function judge(j: JudgeInput): Promise<ChaosResult> {
  const { failures, faults } = j;
  // Every accepted registration exists exactly once: one dossier row and one running workflow per receipt, nothing else.
  const codes = j.clients.accepted.map((a) => a.code);
  const distinct = new Set(codes);
  if (distinct.size !== codes.length) failures.push(`${codes.length - distinct.size} receipts for different keys carry the same code`);
  const { rows } = await j.db.query<{ code: string }>(`SELECT code FROM dossiers WHERE procedure_code = $1`, [j.plan.code]);
  const stored = rows.map((r) => r.code);
  const extra = stored.filter((c) => !distinct.has(c));
  const missing = [...distinct].filter((c) => !stored.includes(c));
  if (extra.length) failures.push(`${extra.length} dossiers stored that no receipt names (a registration done twice?), e.g. ${extra.slice(0, 3).join(', ')}`);
  if (missing.length) failures.push(`${missing.length} accepted dossiers not stored, e.g. ${missing.slice(0, 3).join(', ')}`);
  if (stored.length !== new Set(stored).size) failures.push('a dossier code is stored twice');
  let running = -1;
  for (let i = 0; i < 30 && running !== distinct.size; i++) {
    if (i) await sleep(1000); // visibility is eventually consistent
    const r = await j.temporal.workflowService.countWorkflowExecutions({ namespace: loadConfig().TEMPORAL_NAMESPACE, query: `ProcedureCode = '${j.plan.code}' AND ExecutionStatus = 'Running'` }).catch(() => undefined);
    running = r ? Number(r.count) : -1;
  }
  if (running !== distinct.size) failures.push(`${running} running dossier workflows in Temporal for ${distinct.size} accepted dossiers`);

  // Every alarm that came due rang exactly once: in the store, and on every subscriber's stream.
  const { rows: alerts } = await j.db.query<{ id: string; dossier_code: string; step_key: string | null; kind: string; fired_at: Date }>(
    `SELECT id::text, dossier_code, step_key, kind, fired_at FROM alerts WHERE dossier_code LIKE $1`,
    [`${j.agency}-%`],
  );
  const recorded = checkOnce(j.expected, alerts.map((a): AlertSeen => ({ id: a.id, code: a.dossier_code, stepKey: a.step_key ?? '', kind: a.kind, at: a.fired_at.getTime() })));
  const say = (what: string, c: ReturnType<typeof checkOnce>) => {
    if (c.missing || c.duplicated || c.unexpected) failures.push(`${what}: ${c.missing} missing, ${c.duplicated} duplicated, ${c.unexpected} unexpected (${c.samples.slice(0, 3).join('; ')})`);
  };
  say('alarms recorded', recorded);
  const seenBy = j.subscribers.map((s) => alertsOnStream(s.events, j.agency));
  const streams = j.subscribers.map((s, i) => {
    const c = checkOnce(j.expected, seenBy[i]!);
    say(`SSE ${s.name}`, c);
    return { name: s.name, connects: s.connects, resumes: s.resumes, failedConnects: s.failedConnects, ...c };
  });

  // No 5xx outside a fault window.
  const errors = errorsByWindow(j.attempts, faults);
  if (errors.http5xx.outside) failures.push(`${errors.http5xx.outside} answers 5xx outside every fault window, e.g. ${errors.outsideSamples[0]}`);
  for (const f of faults) if (f.error) failures.push(`fault ${f.kind}: ${f.error}`);
  for (const kind of new Set(j.o.faults)) {
    const wanted = j.o.faults.filter((k) => k === kind).length;
    const recovered = faults.filter((f) => f.kind === kind && f.healthyAt !== undefined).length;
    if (recovered < wanted) failures.push(`${kind}: ${recovered} of ${wanted} faults injected and recovered from`);
  }

  const audit = await j.http.get<{ ok?: boolean; checked?: number; chains?: number; firstBroken?: unknown }>('/api/audit/verify', 300_000);
  if (audit.status !== 200 || audit.body.ok !== true) failures.push(`audit chain: ${audit.status} ${JSON.stringify(audit.body).slice(0, 300)}`);

  const mustCount = [...j.expected.values()].filter((e) => e.ring === 'must').length;
  return {
    mode: j.o.quick ? 'quick' : 'full',
    seed: j.o.seed,
    n: j.o.n,
    startedAt: j.startedAt,
    machine: j.machine,
    faults,
    registration: {
      accepted: distinct.size,
      stored: stored.length,
      runningWorkflows: running,
      completions: j.clients.completions.length,
      completionsReadBack: j.clients.completions.filter((c) => c.readBack).length,
      durationSec: Math.round(j.clients.load.durationMs / 1000),
      throughput: j.clients.load.throughput,
    },
    recorded: { ...recorded, expected: mustCount, mayRing: j.expected.size - mustCount },
    streams,
    errors,
    lateness: {
      delivered: latenessByPhase(j.expected, seenBy.flat(), faults),
      fired: latenessByPhase(j.expected, alerts.map((a): AlertSeen => ({ code: a.dossier_code, stepKey: a.step_key ?? '', kind: a.kind, at: a.fired_at.getTime() })), faults),
    },
    recovery: recoveryByKind(faults),
    audit: { ok: audit.body.ok === true, checked: audit.body.checked ?? 0, chains: audit.body.chains ?? 0 },
  };
}

async function main(): Promise<number> {
  const o = chaosOptions(process.argv.slice(2));
  if (o === 'help') return 0;
  const dir = await mkdtemp(join(tmpdir(), 'dossier-flow-chaos-'));
  await chmod(dir, 0o755); // PostgreSQL runs as user postgres when we are root and must enter it
  const logFile = join(tmpdir(), `dossier-flow-chaos-${o.seed}-${Date.now()}.log`);
  const stackLog = createWriteStream(logFile);
  const failures: string[] = [];
  log(`${o.quick ? 'quick' : 'full'} chaos run, seed ${o.seed} (repeat with --seed ${o.seed}); the stack's output goes to ${logFile}`);
  let stack: LaunchedStack | undefined;
  onShutdownSignal(async () => {
    await stack?.stop();
  }, log);
  try {
    stack = await launch(dir, (m) => stackLog.write(`${new Date().toISOString()} ${m}\n`), (reason) => {
      failures.push(`the launcher gave up: ${reason}`);
      log(`LAUNCHER: ${reason}`);
    });
    log(`cluster up: API ${stack.apiUrl}, Temporal ${stack.temporalAddress}`);
    const result = await run(o, stack, failures);
    result.failures = failures;
    const text = renderChaos(result);
    process.stdout.write(`\n${text}\n\n`);
    log(`results: ${await saveChaosResult(result)}`);
    if (o.writeDocs) log(`docs: ${await writeReliabilityDoc(text)}`);
  } catch (err) {
    failures.push(launchFailureLine('chaos run', err));
  } finally {
    log('stopping the stack');
    await stack?.stop().catch((err: Error) => log(`stop failed: ${err.message}`));
    stackLog.end();
    if (!o.keepData) await rm(dir, { recursive: true, force: true });
    else log(`data kept in ${dir}`);
  }
  if (failures.length) {
    log(`FAILED (${failures.length}); the stack's output is in ${logFile}:`);
    for (const f of failures) log(`  - ${f}`);
    return 1;
  }
  log(`passed in ${Math.round((Date.now() - startedMs) / 1000)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(launchFailureLine('chaos run', err));
    process.exit(1);
  },
);
