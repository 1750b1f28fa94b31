import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import type { temporal } from '@temporalio/proto';
import { commandUpdate, registerUpdate, TIMER_LEAD_MS, wakeSignal, type DossierInput, type DossierView } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { alertCounts, insertProcedure, secondsProcedure, type TestProcedure } from '../support/fixtures';
import { useWorkerStack } from '../support/e2e';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';

jest.setTimeout(60_000);

const stack = useWorkerStack();

let n = 0;


async function register(p: TestProcedure): Promise<DossierView> {
  const code = `${p.agencyCode}-${Date.now()}-${++n}`;
  const input: DossierInput = {
    code,
    agencyCode: p.agencyCode,
    procedure: { ...p, version: 1 },
    calendar: DEFAULT_CALENDAR,
    applicant: { name: 'Nguyễn Thị Vân Quỳnh' },
    channel: 'online',
    receivedAt: new Date().toISOString(),
  };
  return stack.client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: 'register',
    startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
      workflowId: code,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
}

const complete = (code: string, stepKey: string) => stack.client.workflow.getHandle(code).executeUpdate(commandUpdate, { args: [{ type: 'complete', stepKey }] });

describe('dossier workflow', () => {
  it('walks every step in order and records no alert when each step is done in time', async () => {
    const p = secondsProcedure([20, 20, 20, 20]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);
    expect(receipt.steps.map((s) => s.status)).toEqual(['active', 'pending', 'pending', 'pending']);
    expect(await stack.ds.query(`SELECT status FROM dossiers WHERE code = $1`, [receipt.code])).toEqual([{ status: 'received' }]);

    for (const key of ['reception', 'review', 'approval']) await complete(receipt.code, key);
    const done = await complete(receipt.code, 'return');

    expect(done.status).toBe('returned');
    expect(done.timeliness).toBe('on_time');
    expect(done.steps.every((s) => s.status === 'done' && s.timeliness === 'on_time')).toBe(true);
    await stack.client.workflow.getHandle(receipt.code).result();
    expect(await alertCounts(stack.ds, receipt.code)).toEqual({});
    const events: { type: string }[] = await stack.ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [receipt.code]);
    expect(events.map((e) => e.type)).toEqual(['registered', 'step_completed', 'step_completed', 'step_completed', 'result_returned']);
    await maybeRecord(stack.client, receipt.code, 'dossier-v2-on-time');
  });

  it('records at-risk then overdue, once each, for a neglected step, and classifies it late', async () => {
    const p = secondsProcedure([4, 30]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);

    await waitFor(async () => (await alertCounts(stack.ds, receipt.code))['step_overdue:reception'], 'step_overdue alert');
    const rows: { kind: string; fired_at: Date; due_at: Date }[] = await stack.ds.query(
      `SELECT kind, fired_at, due_at FROM alerts WHERE dossier_code = $1 ORDER BY fired_at`,
      [receipt.code],
    );
    expect(rows.map((r) => r.kind)).toEqual(['step_at_risk', 'step_overdue']);
    expect(rows[0].fired_at.getTime()).toBeGreaterThanOrEqual(Date.parse(receipt.steps[0].atRiskAt));
    expect(rows[1].fired_at.getTime()).toBeGreaterThanOrEqual(Date.parse(receipt.steps[0].dueAt));

    const after = await complete(receipt.code, 'reception');
    expect(after.steps[0].timeliness).toBe('late');
    expect(after.currentStepKey).toBe('review');
    const processed = await complete(receipt.code, 'review');
    expect(processed).toMatchObject({ status: 'awaiting_return', statusCode: 9 });
    await stack.client.workflow.getHandle(receipt.code).executeUpdate(commandUpdate, { args: [{ type: 'recordReturn' }] });
    await stack.client.workflow.getHandle(receipt.code).result();
    expect(await alertCounts(stack.ds, receipt.code)).toEqual({ 'step_at_risk:reception': 1, 'step_overdue:reception': 1 });
    await maybeRecord(stack.client, receipt.code, 'dossier-v2-neglected');
  });

  it('rejects completing a step that is not current and records nothing', async () => {
    const p = secondsProcedure([30, 30]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);

    const err = await complete(receipt.code, 'review').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/not current/);
    const state = await stack.client.workflow.getHandle(receipt.code).query<DossierView>('state');
    expect(state.currentStepKey).toBe('reception');
    const events = await stack.ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1`, [receipt.code]);
    expect(events).toHaveLength(1);
    await stack.client.workflow.getHandle(receipt.code).terminate('test done');
  });

  it('refuses a second supplement request (Decree 118/2025, patch one-supplement-request) and records nothing for it', async () => {
    const p = secondsProcedure([60, 60]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);
    const handle = stack.client.workflow.getHandle(receipt.code);
    const request = { type: 'requestSupplement' as const, reason: 'Thiếu hồ sơ', items: ['Bản sao CCCD'] };
    await handle.executeUpdate(commandUpdate, { args: [request] });
    await handle.executeUpdate(commandUpdate, { args: [{ type: 'supplementReceived' }] });
    const err = await handle.executeUpdate(commandUpdate, { args: [request] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/^a supplement was already requested once: Nghị định 118\/2025\/NĐ-CP/);
    expect((await handle.query<DossierView>('state')).supplementRequests).toBe(1);
    await handle.terminate('test done');
    await maybeRecord(stack.client, receipt.code, 'dossier-v4-one-supplement');
  });

  it('starts the next step clock when a step completes', async () => {
    const p = secondsProcedure([30, 30]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);
    const planned = Date.parse(receipt.steps[1].dueAt);
    const after = await complete(receipt.code, 'reception');
    const review = after.steps[1];
    expect(review.status).toBe('active');
    expect(Date.parse(review.dueAt) - Date.parse(review.startedAt!)).toBe(30_000);
    expect(Date.parse(review.dueAt)).toBeLessThan(planned);
    await stack.client.workflow.getHandle(receipt.code).terminate('test done');
  });

  it('cancels a step’s alarms when it is done in time, while the same deadlines of a neglected dossier ring', async () => {
    const p = secondsProcedure([3, 30]);
    await insertProcedure(stack.ds, p);
    const done = await register(p);
    await complete(done.code, 'reception');
    const neglected = await register(p);
    expect(Date.parse(neglected.steps[0].dueAt)).toBeGreaterThan(Date.parse(done.steps[0].dueAt));

    await waitFor(async () => (await alertCounts(stack.ds, neglected.code))['step_overdue:reception'], 'the neglected dossier’s step_overdue alert');
    // The clock rings in deadline order, so the done step's deadlines, earlier, have passed unrung.
    expect(await alertCounts(stack.ds, done.code)).toEqual({});
    expect(await alertCounts(stack.ds, neglected.code)).toEqual({ 'step_at_risk:reception': 1, 'step_overdue:reception': 1 });
    for (const code of [done.code, neglected.code]) await stack.client.workflow.getHandle(code).terminate('test done');
  });
});

describe('deadline clock workflow', () => {
  it('continues as new after its sweeps per run and keeps answering wake-ups', async () => {
    const id = `clock-test-${Date.now()}`;
    const args = { shard: 0, shards: stack.config.DEADLINE_CLOCK_SHARDS, sweepsPerRun: 3, signalsPerRun: 1000 };
    const started = await stack.client.workflow.start('deadlineClockWorkflow', { workflowId: id, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [args] });
    const firstRun = stack.client.workflow.getHandle(id, started.firstExecutionRunId);
    // Each wake-up is a sweep; after three the run hands over to a new one.
    await waitFor(async () => {
      if ((await firstRun.describe()).status.name === 'CONTINUED_AS_NEW') return true;
      await started.signal(wakeSignal);
      return false;
    }, 'the clock to continue as new');
    const latest = stack.client.workflow.getHandle(id);
    expect((await latest.describe()).runId).not.toBe(started.firstExecutionRunId);
    // The new run answers a wake-up with a sweep (a local activity's marker after the signal).
    await latest.signal(wakeSignal);
    await waitFor(async () => {
      const events = (await latest.fetchHistory()).events ?? [];
      const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      return signalled >= 0 && events.slice(signalled).some((e) => e.markerRecordedEventAttributes);
    }, 'a sweep after the wake-up in the new run');
    expect((await latest.describe()).status.name).toBe('RUNNING');
    await maybeRecord(stack.client, { workflowId: id, runId: started.firstExecutionRunId }, 'deadline-clock-v2-shard');
    await stack.client.workflow.getHandle(id).terminate('test done');
  });

  it('sets its timer TIMER_LEAD_MS before the next alarm, and the alarm rings no earlier than its instant', async () => {
    const id = `clock-lead-${Date.now()}`;
    const args = { shard: 0, shards: stack.config.DEADLINE_CLOCK_SHARDS, sweepsPerRun: 1000, signalsPerRun: 1000 };
    const started = await stack.client.workflow.start('deadlineClockWorkflow', { workflowId: id, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [args] });
    // Every alarm of this stack rings by then; a dossier whose first alarm (at risk at 80 % of 6 s)
    // comes well after the lead, registered after the clock's first sweep, which found nothing due.
    await waitFor(async () => (await started.fetchHistory()).events?.some((e) => e.markerRecordedEventAttributes), "the clock's first sweep");
    const p = secondsProcedure([6, 60]);
    await insertProcedure(stack.ds, p);
    const receipt = await register(p);
    const atRisk = Date.parse(receipt.steps[0].atRiskAt);
    await started.signal(wakeSignal);

    type Sweep = { next: number | null; finishedAt: number };
    const swept = (e: temporal.api.history.v1.IHistoryEvent): Sweep => JSON.parse(Buffer.from(e.markerRecordedEventAttributes!.details!.result!.payloads![0].data!).toString());
    const timerAfter = async (pred: (s: Sweep) => boolean) =>
      waitFor(async () => {
        const events = (await started.fetchHistory()).events ?? [];
        const i = events.findIndex((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && pred(swept(e)));
        const timer = i < 0 ? undefined : events.slice(i).find((e) => e.timerStartedEventAttributes);
        return timer && { sweep: swept(events[i]), ms: Number(timer.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000 + (timer.timerStartedEventAttributes!.startToFireTimeout!.nanos ?? 0) / 1e6 };
      }, 'a timer after a sweep that found the next alarm');
    // After the wake-up, the sweep finds the at-risk alarm next (or an earlier one of this stack).
    const { sweep, ms } = await timerAfter((s) => s.next !== null && s.next <= atRisk && s.next - s.finishedAt > TIMER_LEAD_MS);
    expect(ms).toBeLessThanOrEqual(sweep.next! - sweep.finishedAt - TIMER_LEAD_MS);
    expect(ms).toBeGreaterThan(sweep.next! - sweep.finishedAt - TIMER_LEAD_MS - 1_000);

    // The alarm rings once, and not before its instant (whichever clock of the shard rang it).
    await waitFor(async () => (await alertCounts(stack.ds, receipt.code))['step_at_risk:reception'], 'the at-risk alert');
    const [{ firedAt }]: { firedAt: Date }[] = await stack.ds.query(`SELECT fired_at AS "firedAt" FROM alerts WHERE dossier_code = $1 AND kind = 'step_at_risk'`, [receipt.code]);
    expect(firedAt.getTime()).toBeGreaterThanOrEqual(atRisk);
    await stack.client.workflow.getHandle(receipt.code).terminate('test done');
    await maybeRecord(stack.client, { workflowId: id, runId: started.firstExecutionRunId }, 'deadline-clock-v3-lead');
    await started.terminate('test done');
  });

  it('retires a clock of before shards (a number argument) and one of another shard count at its first sweep', async () => {
    for (const args of [3, { shard: 0, shards: stack.config.DEADLINE_CLOCK_SHARDS + 1, sweepsPerRun: 3, signalsPerRun: 1000 }]) {
      const id = `clock-retire-${Date.now()}-${typeof args}`;
      const started = await stack.client.workflow.start('deadlineClockWorkflow', { workflowId: id, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [args] });
      await expect(started.result()).resolves.toBeUndefined();
      expect((await started.describe()).status.name).toBe('COMPLETED');
    }
  });
});
