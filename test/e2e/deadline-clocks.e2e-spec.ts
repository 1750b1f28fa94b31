import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { shardOf } from '../../libs/db/src';
import { deadlineClocks } from '../../libs/temporal/src/dossier-workflows';
import { clockKeeperId, deadlineClockId } from '../../workflows/dossier.contract';
import { as } from '../support/auth';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { maybeRecord } from '../support/replay';
import { startOwnTemporalStack, stopOwnTemporalStack, type OwnTemporalStack } from '../support/own-temporal';
import { openClient, startWorker, waitFor, type RunningWorker } from '../support/stack';

/**
 * Issue 18, items 1 and 2: sharded deadline clocks that continue as new before Temporal's signal
 * cap, a keeper that restarts a clock an operator terminated, a poisoned alarm set aside while the
 * others ring, readiness that reports each shard's lag and degrades past the threshold, and a shard
 * count changed under a running installation. Its own Temporal server: the signal cap is lowered
 * (to 12 per run) to cross it within a test.
 */
jest.setTimeout(240_000);

const SHARDS = 3;
let s: OwnTemporalStack;
let client: Client;
let worker: RunningWorker;
const extraWorkers: RunningWorker[] = [];

beforeAll(async () => {
  s = await startOwnTemporalStack('deadline-clocks', {
    config: { DEADLINE_CLOCK_SHARDS: String(SHARDS), DEADLINE_CLOCK_KEEPER_SECONDS: '2', DEADLINE_CLOCK_SIGNALS_PER_RUN: '5', DEADLINE_CLOCK_MAX_LAG_SECONDS: '5' },
    dynamicConfig: { 'history.maximumSignalsPerExecution': '12' },
  });
  worker = s.worker;
  client = await openClient(s.config);
});

afterAll(async () => {
  for (const w of extraWorkers) await w.stop();
  await client?.connection.close();
  await stopOwnTemporalStack({ ...s, worker });
});

const admin = () => as(s.url, s.t.admin);

async function procedure(stepSeconds: number[]) {
  const p = secondsProcedure(stepSeconds);
  await admin().post('/api/procedures').send(p).expect(201);
  return p;
}

/** `n` registrations, four at a time (the machine is small; the API's Temporal calls are bounded). */
async function registerMany(procedureCode: string, n: number) {
  const out: Awaited<ReturnType<typeof register>>[] = [];
  while (out.length < n) out.push(...(await Promise.all(Array.from({ length: Math.min(4, n - out.length) }, () => register(procedureCode)))));
  return out;
}

async function register(procedureCode: string): Promise<{ code: string; steps: { atRiskAt: string; dueAt: string }[] }> {
  // A busy machine can make Temporal answer late: the API then says 503 with Retry-After, and the
  // desk retries with the same key (one dossier however many tries). This file is about the clocks.
  const key = `clocks-${randomUUID()}`;
  const res = await waitFor(async () => {
    const r = await as(s.url, s.t.reception).post('/api/dossiers').set('Idempotency-Key', key).send({ procedureCode, applicant: { name: 'Phạm Văn Đồng' }, channel: 'online' });
    if (r.status === 503) return undefined;
    expect(r.status).toBe(201);
    return r;
  }, 'the registration accepted');
  return res.body;
}

const bothReceptionAlerts = { 'step_at_risk:reception': 1, 'step_overdue:reception': 1 };
const status = async (workflowId: string) => (await client.workflow.getHandle(workflowId).describe()).status.name;
const clockIdOf = (code: string, shards = SHARDS) => deadlineClockId(s.config.TEMPORAL_TASK_QUEUE, shardOf(code, shards));

it('rings every alarm once across the shards, each on its own clock', async () => {
  const p = await procedure([4, 600]);
  const dossiers = await registerMany(p.code, 24);
  const shards = new Set(dossiers.map((d) => shardOf(d.code, SHARDS).shard));
  expect(shards.size).toBe(SHARDS); // 24 codes over 3 shards: each has some
  for (const d of dossiers) await waitFor(async () => (await alertCounts(s.ds, d.code))['step_overdue:reception'], `the alerts of ${d.code}`);
  for (const d of dossiers) expect(await alertCounts(s.ds, d.code)).toEqual(bothReceptionAlerts);
  for (let shard = 0; shard < SHARDS; shard++) expect(await status(deadlineClockId(s.config.TEMPORAL_TASK_QUEUE, { shard, shards: SHARDS }))).toBe('RUNNING');
  const report = await admin().get('/api/system/clocks').expect(200);
  expect(report.body.shards).toBe(SHARDS);
  expect(report.body.clocks).toHaveLength(SHARDS);
  for (const c of report.body.clocks) expect(c.lastSweepAt).not.toBeNull();
  await as(s.url, s.t.supervisor).get('/api/system/clocks').expect(403);
});

it('continues as new before Temporal refuses its signals, and every wake-up is taken', async () => {
  const clocks = deadlineClocks(client, s.config);
  const shard = { shard: 0, shards: SHARDS };
  const id = clocks.clockId(shard);
  const firstRun = (await client.workflow.getHandle(id).describe()).runId;
  let refused = 0;
  // Forty wake-ups, over three times the server's cap of 12 per run: a writer retries a refused
  // signal (its activity is retried), and so does this loop, for at most 20 s per wake-up.
  for (let i = 0; i < 40; i++) {
    await waitFor(
      () => clocks.signal(shard).then(() => true, () => void refused++),
      `wake-up ${i} to be taken`,
      20_000,
    );
  }
  const runs: string[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(run.runId);
  expect(runs).toContain(firstRun);
  expect(runs.length).toBeGreaterThanOrEqual(4); // 40 signals, at most 12 per run
  expect(await status(id)).toBe('RUNNING');
  process.stdout.write(`clock ${id}: 40 wake-ups over ${runs.length} runs, ${refused} refused and retried\n`);
  // The last run still rings its alarms.
  const p = await procedure([3, 600]);
  const d = await register(p.code);
  await waitFor(async () => (await alertCounts(s.ds, d.code))['step_overdue:reception'], 'an alarm after the wake-ups');
});

it('starts again a clock an operator terminated, and rings at once what came due meanwhile', async () => {
  const p = await procedure([4, 600]);
  const d = await register(p.code);
  const id = clockIdOf(d.code);
  await waitFor(async () => (await status(id)) === 'RUNNING' && (await s.ds.query(`SELECT 1 FROM deadline_clock WHERE clock_id = $1 AND wake_at IS NOT NULL`, [id])).length > 0, 'its clock to set its timer');
  const { runId } = await client.workflow.getHandle(id).describe();
  await client.workflow.getHandle(id).terminate('operator error');
  // No write wakes it: only the keeper (every 2 s here) can start it again.
  await waitFor(async () => (await alertCounts(s.ds, d.code))['step_overdue:reception'], 'the alerts after the keeper restarted the clock');
  expect(await alertCounts(s.ds, d.code)).toEqual(bothReceptionAlerts);
  const now = await client.workflow.getHandle(id).describe();
  expect(now.status.name).toBe('RUNNING');
  expect(now.runId).not.toBe(runId);
});

it('reconciles, through the keeper alone, a dossier workflow an operator terminated: no alarm rings, its page says so', async () => {
  const p = await procedure([30, 600]);
  const d = await register(p.code);
  await client.workflow.getHandle(d.code).terminate('operator cleanup');
  // Nothing else runs the reconciliation here: the keeper schedule (every 2 s) does.
  const view = await waitFor(async () => {
    const res = await as(s.url, s.t.supervisor).get(`/api/dossiers/${d.code}`).expect(200);
    return res.body.halted && res.body;
  }, 'the dossier to be reconciled as halted');
  expect(view.halted).toMatchObject({ status: 'terminated', reason: 'operator cleanup' });
  // Its alarms are gone (a clock rings only planned alarms), before the first of them was due.
  expect(await s.ds.query(`SELECT count(*)::int AS n FROM deadline_alarms WHERE dossier_code = $1`, [d.code])).toEqual([{ n: 0 }]);
  expect(await alertCounts(s.ds, d.code)).toEqual({});
  await maybeRecord(client, { scheduleId: clockKeeperId(s.config.TEMPORAL_TASK_QUEUE) }, 'clock-keeper-v1-round');
});

it('sets a poisoned alarm aside with its error and still rings every other one', async () => {
  const p = await procedure([8, 600]);
  const dossiers = await registerMany(p.code, 6);
  const poisoned = dossiers[2].code;
  await s.ds.query(`CREATE TABLE poisoned (code text PRIMARY KEY)`);
  await s.ds.query(`INSERT INTO poisoned VALUES ($1)`, [poisoned]);
  await s.ds.query(`
    CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM poisoned WHERE code = NEW.dossier_code) THEN RAISE EXCEPTION 'poisoned alarm of %', NEW.dossier_code; END IF;
      RETURN NEW;
    END $$`);
  await s.ds.query(`CREATE TRIGGER poison BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION poison()`);
  try {
    for (const d of dossiers.filter((x) => x.code !== poisoned)) {
      await waitFor(async () => (await alertCounts(s.ds, d.code))['step_overdue:reception'], `the alerts of ${d.code}`);
      expect(await alertCounts(s.ds, d.code)).toEqual(bothReceptionAlerts);
    }
    const report = await waitFor(async () => {
      const r = await admin().get('/api/system/clocks').expect(200);
      return r.body.setAside.filter((a: { dossierCode: string }) => a.dossierCode === poisoned).length === 2 && r.body;
    }, 'both alarms of the poisoned dossier set aside');
    expect(report.setAside.filter((a: { dossierCode: string }) => a.dossierCode === poisoned).map((a: { kind: string; error: string }) => [a.kind, a.error]).sort()).toEqual([
      ['step_at_risk', `poisoned alarm of ${poisoned}`],
      ['step_overdue', `poisoned alarm of ${poisoned}`],
    ]);
    expect(await alertCounts(s.ds, poisoned)).toEqual({});
    // Set aside, not planned again (its later alarms, of the dossier's own deadline, stay planned).
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM deadline_alarms WHERE dossier_code = $1 AND step_key = 'reception'`, [poisoned])).toEqual([{ n: 0 }]);
  } finally {
    await s.ds.query(`DROP TRIGGER poison ON alerts`);
    await s.ds.query(`DROP FUNCTION poison()`);
    await s.ds.query(`DROP TABLE poisoned`);
  }
});

it("reports each shard's lag, degrades readiness past the threshold naming the shard, and recovers", async () => {
  const p = await procedure([3600, 3600]);
  const d = await register(p.code);
  await worker.stop();
  // An alarm that came due 30 s ago while no worker ran (the threshold here is 5 s).
  const { shard } = shardOf(d.code, SHARDS);
  await s.ds.query(
    `INSERT INTO deadline_alarms (dossier_code, step_key, kind, level, department_code, due_at, fire_at, bucket)
     SELECT code, 'reception', 'step_overdue', 9, NULL, now() - interval '30 seconds', now() - interval '30 seconds', $2 FROM dossiers WHERE code = $1`,
    [d.code, (await s.ds.query(`SELECT bucket FROM deadline_alarms WHERE dossier_code = $1 LIMIT 1`, [d.code]))[0].bucket],
  );
  const ready = await as(s.url).get('/health/ready');
  expect(ready.status).toBe(503);
  expect(ready.body.error.clocks).toMatchObject({ status: 'down', message: expect.stringContaining(`deadline clock ${shard} of ${SHARDS} lags`) });
  expect(ready.body.info.database.status).toBe('up');
  const report = (await admin().get('/api/system/clocks').expect(200)).body;
  expect(report.clocks[shard].lagMs).toBeGreaterThanOrEqual(30_000);
  expect(report.problems).toEqual(expect.arrayContaining([expect.stringContaining(`deadline clock ${shard} of ${SHARDS} lags`)]));

  worker = await startWorker(s.config, s.ds);
  await waitFor(async () => (await as(s.url).get('/health/ready')).status === 200, 'readiness once the clock caught up');
  expect(await s.ds.query(`SELECT count(*)::int AS n FROM alerts WHERE dossier_code = $1 AND level = 9`, [d.code])).toEqual([{ n: 1 }]);
});

it('moves to another shard count on a running installation without losing or doubling an alarm', async () => {
  const p = await procedure([8, 600]);
  const dossiers = await registerMany(p.code, 20);
  // A worker with the new count joins (a rolling change), then the old one leaves.
  const next = await startWorker({ ...s.config, DEADLINE_CLOCK_SHARDS: 2 }, s.ds);
  extraWorkers.push(next);
  await worker.stop();
  for (const d of dossiers) await waitFor(async () => (await alertCounts(s.ds, d.code))['step_overdue:reception'], `the alerts of ${d.code}`);
  for (const d of dossiers) expect(await alertCounts(s.ds, d.code)).toEqual(bothReceptionAlerts);
  // The old set's clocks retired at their first sweep on the new worker (the keeper wakes an idle
  // one); the new set runs.
  for (let shard = 0; shard < SHARDS; shard++) {
    const id = deadlineClockId(s.config.TEMPORAL_TASK_QUEUE, { shard, shards: SHARDS });
    await waitFor(async () => (await status(id)) === 'COMPLETED', `${id} to retire`);
  }
  for (let shard = 0; shard < 2; shard++) expect(await status(deadlineClockId(s.config.TEMPORAL_TASK_QUEUE, { shard, shards: 2 }))).toBe('RUNNING');
  worker = next;
  extraWorkers.pop();
});
