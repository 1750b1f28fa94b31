import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { CLOCK_LOCK, shardLockKey } from '../../libs/db/src';
import { TemporalClient } from '../../libs/temporal/src';
import { IntakeService } from '../../apps/api/src/dossiers/intake.service';
import { dossierStateQuery, registerUpdate, type DossierView } from '../../workflows/dossier.contract';
import { openSse, type SseClient } from '../support/api';
import { useE2eStack } from '../support/e2e';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { clockLockQueued, startWorker, waitFor } from '../support/stack';

// INTAKE_MODE=start: the API starts the workflow with a plain start and writes the projection
// itself, before the workflow's first task (which then finds it written).
jest.setTimeout(60_000);

const stack = useE2eStack({ INTAKE_MODE: 'start' });
let sse: SseClient;
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');

beforeAll(async () => {
  sse = await openSse(`${stack.url}/api/alerts/stream`, stack.t.supervisor);
  stack.onStop(() => sse.close());
});

const applicant = { name: 'Lê Thị Hồng Gấm', phone: '0987654321' };

async function createProcedure(stepSeconds: number[]) {
  const p = secondsProcedure(stepSeconds);
  await admin().post('/api/procedures').send(p).expect(201);
  return p;
}

const register = (procedureCode: string, key?: string, name = applicant.name) => {
  const req = desk().post('/api/dossiers');
  return (key ? req.set('Idempotency-Key', key) : req).send({ procedureCode, applicant: { ...applicant, name }, channel: 'online' });
};

/** The receipt the workflow holds once its first task registered the dossier (what update-with-start answers). */
const workflowReceipt = (code: string) => stack.client.workflow.getHandle(code).executeUpdate(registerUpdate, { updateId: 'register' });
const withoutSecret = ({ lookupSecret: _secret, ...view }: DossierView & { lookupSecret: string }) => view;

const count = async (sql: string, params: unknown[]) => ((await stack.ds.query(sql, params)) as { n: number }[])[0].n;
const eventCount = (code: string) => count(`SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1`, [code]);
const registeredAudit = (code: string) => count(`SELECT count(*)::int AS n FROM audit_log WHERE chain = $1 AND action = 'registered'`, [code]);
const dossiersNamed = (name: string) => count(`SELECT count(*)::int AS n FROM dossiers WHERE applicant_name = $1`, [name]);

describe('INTAKE_MODE=start', () => {
  it('answers with the receipt the workflow computes, readable at once, its alarms planned and written once', async () => {
    const p = await createProcedure([30, 60]);
    const { body: receipt } = await register(p.code, 'start-receipt-0001').expect(201);
    // Read-your-write: the API wrote the projection before answering.
    const { body: detail } = await desk().get(`/api/dossiers/${receipt.code}`).expect(200);
    expect(detail).toMatchObject({ code: receipt.code, status: 'received', dueAt: receipt.dueAt, atRiskAt: receipt.atRiskAt, steps: receipt.steps });
    expect(detail.events.map((e: { seq: number; type: string }) => `${e.seq}:${e.type}`)).toEqual(['1:registered']);
    const alarms: { kind: string; step_key: string; fire_at: Date; department_code: string }[] = await stack.ds.query(
      `SELECT kind, step_key, fire_at, department_code FROM deadline_alarms WHERE dossier_code = $1 ORDER BY fire_at, kind`,
      [receipt.code],
    );
    const [reception] = receipt.steps;
    expect(alarms.map((a) => [a.kind, a.step_key, a.fire_at.toISOString(), a.department_code])).toEqual([
      ['step_at_risk', 'reception', reception.atRiskAt, 'MOT_CUA'],
      ['step_overdue', 'reception', reception.dueAt, 'MOT_CUA'],
      ['dossier_at_risk', '', receipt.atRiskAt, 'MOT_CUA'],
      ['dossier_overdue', '', receipt.dueAt, 'MOT_CUA'],
    ]);

    // The workflow computed the same receipt; its first task repeated the write and added nothing.
    expect(await workflowReceipt(receipt.code)).toEqual(withoutSecret(receipt));
    expect(await stack.client.workflow.getHandle(receipt.code).query(dossierStateQuery)).toEqual(withoutSecret(receipt));
    expect(await eventCount(receipt.code)).toBe(1);
    expect(await registeredAudit(receipt.code)).toBe(1);
    expect((await admin().get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
    // Every row is still the API's (one transaction id): the first task re-planned no alarm either.
    const writers: { xid: string }[] = await stack.ds.query(
      `SELECT xmin::text AS xid FROM dossiers WHERE code = $1 UNION SELECT xmin::text FROM dossier_steps WHERE dossier_code = $1
       UNION SELECT xmin::text FROM dossier_events WHERE dossier_code = $1 UNION SELECT xmin::text FROM deadline_alarms WHERE dossier_code = $1`,
      [receipt.code],
    );
    expect(writers).toHaveLength(1);
  });

  it('turns the same Idempotency-Key, sent again and ten times at once, into one dossier with one receipt', async () => {
    const p = await createProcedure([30, 30]);
    const first = await register(p.code, 'start-retry-00001', 'Phan Văn Khải').expect(201);
    const again = await register(p.code, 'start-retry-00001', 'Phan Văn Khải').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await dossiersNamed('Phan Văn Khải')).toBe(1);

    const answers = await Promise.all(Array.from({ length: 10 }, () => register(p.code, 'start-concurrent-01', 'Đặng Thùy Trâm')));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(await dossiersNamed('Đặng Thùy Trâm')).toBe(1);
    expect(await workflowReceipt(answers[0].body.code)).toEqual(withoutSecret(answers[0].body));
    expect(await eventCount(answers[0].body.code)).toBe(1);
    expect(await registeredAudit(answers[0].body.code)).toBe(1);
  });

  it('takes a command sent right after the 201', async () => {
    const p = await createProcedure([30, 30]);
    const { body } = await register(p.code).expect(201);
    const done = await desk().post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
    expect(done.body).toMatchObject({ status: 'processing', currentStepKey: 'review' });
    const { body: detail } = await desk().get(`/api/dossiers/${body.code}`).expect(200);
    expect(detail.events.map((e: { seq: number; type: string }) => `${e.seq}:${e.type}`)).toEqual(['1:registered', '2:step_completed']);
  });

  it('rings every alarm of a dossier in seconds exactly once', async () => {
    const p = await createProcedure([2, 4]);
    const { body } = await register(p.code).expect(201);
    const streamed = () => sse.events.filter((e) => e.type === 'alert' && (e.data as { dossierCode: string }).dossierCode === body.code);
    const all = { 'step_at_risk:reception': 1, 'step_overdue:reception': 1, dossier_at_risk: 1, dossier_overdue: 1 };
    await waitFor(async () => streamed().length >= 4, 'the four alerts on the stream');
    expect(await alertCounts(stack.ds, body.code)).toEqual(all);
    // A later alert of another dossier on the same channel: a duplicate NOTIFY would have come before it.
    const { body: later } = await register((await createProcedure([1, 30])).code).expect(201);
    await waitFor(async () => sse.events.some((e) => (e.data as { dossierCode?: string }).dossierCode === later.code), 'the later alert');
    expect(streamed().map((e) => (e.data as { kind: string }).kind).sort()).toEqual(['dossier_at_risk', 'dossier_overdue', 'step_at_risk', 'step_overdue']);
    expect(await alertCounts(stack.ds, body.code)).toEqual(all);
    expect(await registeredAudit(body.code)).toBe(1);
  });

  it('ends with one dossier when the API dies between the start and its write and the key is retried', async () => {
    const p = await createProcedure([30, 30]);
    const name = 'Hoàng Văn Thụ';
    const intake = stack.app.get(IntakeService) as unknown as { recordRegistration(record: unknown): Promise<void> };
    const start = jest.spyOn(stack.app.get(TemporalClient).workflow, 'start');
    // Holding every deadline clock's lock as a sweep does keeps the workflow's first task from
    // writing the projection itself (a writer takes its shard's lock shared first) until the retry
    // has found the workflow started and no row.
    const shards = stack.config.DEADLINE_CLOCK_SHARDS;
    const lock = stack.ds.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      for (let shard = 0; shard < shards; shard++) await lock.query(`SELECT pg_advisory_xact_lock($1, $2)`, [CLOCK_LOCK, shardLockKey({ shard, shards })]);
      jest.spyOn(intake, 'recordRegistration').mockRejectedValueOnce(new Error('the API died after the start'));
      await register(p.code, 'start-crash-000001', name).expect(500);
      expect(start).toHaveBeenCalledTimes(1);
      await start.mock.results[0].value;
      // The workflow's first task is queued on the lock, not done: the retry below races nothing.
      await waitFor(() => clockLockQueued(stack.ds, { mode: 'ShareLock' }), "the workflow's first write to queue for its clock's lock");
      expect(await dossiersNamed(name)).toBe(0);

      const retry = register(p.code, 'start-crash-000001', name).then((r) => r);
      await waitFor(async () => start.mock.calls.length === 2, 'the retry to start the workflow again');
      await expect(start.mock.results[1].value).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await lock.commitTransaction();
      const { status, body } = await retry;
      expect(status).toBe(201);
      expect(await dossiersNamed(name)).toBe(1);
      expect(await workflowReceipt(body.code)).toEqual(withoutSecret(body));
      expect(await eventCount(body.code)).toBe(1);
      expect(await registeredAudit(body.code)).toBe(1);
      expect(await register(p.code, 'start-crash-000001', name).expect(201).then((r) => r.body)).toEqual(body);
    } finally {
      start.mockRestore();
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  });

  // Last: it restarts the file's worker.
  it('registers with no worker running; a command and a calendar change sent before the first task wait for it', async () => {
    const p = await createProcedure([30, 30]);
    await stack.worker.stop();
    const { body } = await register(p.code).expect(201);
    await desk().get(`/api/dossiers/${body.code}`).expect(200);
    const change = await admin().put('/api/calendar/overrides/2199-12-31').send({ kind: 'day_off', reason: 'Nghỉ thử nghiệm' }).expect(200);

    const updates = jest.spyOn(stack.app.get(TemporalClient).workflowService, 'updateWorkflowExecution');
    try {
      const command = desk().post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).then((r) => r);
      // Sent before the worker is back: the Update reaches the workflow in its first task,
      // whose validator refuses it ('dossier is not registered yet').
      await waitFor(async () => updates.mock.calls.length > 0, 'the command to reach Temporal');
      stack.worker = await startWorker(stack.config, stack.ds);
      const { status, body: after } = await command;
      expect({ status, currentStepKey: after.currentStepKey }).toEqual({ status: 200, currentStepKey: 'review' });
    } finally {
      updates.mockRestore();
    }
    // It waited through the registration Update, which only that path sends in this mode.
    const { events } = await stack.client.workflow.getHandle(body.code).fetchHistory();
    const accepted = (events ?? []).filter((e) => e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId)).toContain('register');

    // The calendar rollout reached the dossier too, though its row was there before its workflow registered.
    const replanned = await waitFor(async () => {
      const r = await desk().get(`/api/dossiers/${body.code}`);
      return r.body.events.find((e: { type: string; payload: { calendarVersion?: number } }) => e.type === 'replanned' && e.payload.calendarVersion === change.body.version);
    }, 'the dossier to take the calendar change');
    expect(replanned).toBeDefined();
    expect(await eventCount(body.code)).toBeGreaterThanOrEqual(3);
    expect(await registeredAudit(body.code)).toBe(1);
    expect((await admin().get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
