import { WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { currentRunCheck, reconcileClosedDossiers } from '../../apps/worker/src/activities/reconcile.activities';
import { createClockPlanner, verifyAuditChains, writeProgress, type ClockPlanner } from '../../libs/db/src';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { deadlineClocks } from '../../libs/temporal/src/dossier-workflows';
import { dossierStateQuery, registerUpdate, type DossierInput, type DossierView } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import type { ReconcileResult } from '../../workflows/reconcile.contract';
import { useE2eStack } from '../support/e2e';
import { insertProcedure, secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

jest.setTimeout(120_000);

const stack = useE2eStack();
const desk = () => stack.as('reception');
const reviewer = () => stack.as('reviewer');
let clock: ClockPlanner;
beforeAll(() => {
  clock = createClockPlanner(deadlineClocks(stack.client, stack.config));
});

const reconcile = () => reconcileClosedDossiers({ ds: stack.ds, client: stack.client, clock, taskQueue: stack.config.TEMPORAL_TASK_QUEUE });
/** Visibility lists a close a moment after it: reconciles until the dossier is recorded. */
const reconcileUntilHalted = (code: string) =>
  waitFor(async () => {
    await reconcile();
    const [row] = await stack.ds.query(`SELECT view->'halted' AS halted FROM dossiers WHERE code = $1`, [code]);
    return row?.halted;
  }, `the close of ${code} to be reconciled`);

async function register(stepSeconds: number[]): Promise<DossierView> {
  const p = secondsProcedure(stepSeconds);
  await stack.as('admin').post('/api/procedures').send(p).expect(201);
  const { body } = await desk().post('/api/dossiers').set('Idempotency-Key', randomUUID()).send({ procedureCode: p.code, applicant: { name: 'Lê Văn Tám' }, channel: 'online' }).expect(201);
  return body;
}

const pendingAlarms = async (code: string) => Number((await stack.ds.query(`SELECT count(*) AS n FROM deadline_alarms WHERE dossier_code = $1`, [code]))[0].n);
const alerts = async (code: string): Promise<{ kind: string; fired_at: Date }[]> => stack.ds.query(`SELECT kind, fired_at FROM alerts WHERE dossier_code = $1`, [code]);
const alarmSteps = async (code: string): Promise<string[]> =>
  (await stack.ds.query(`SELECT DISTINCT step_key FROM deadline_alarms WHERE dossier_code = $1`, [code])).map((r: { step_key: string }) => r.step_key);
const events = async (code: string): Promise<{ seq: number; type: string; payload: Record<string, unknown> }[]> =>
  stack.ds.query(`SELECT seq, type, payload FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [code]);
/** Everything a reconciliation could write about a dossier. */
const snapshot = async (code: string) => ({
  row: (await stack.ds.query(`SELECT view, version, run_id FROM dossiers WHERE code = $1`, [code]))[0],
  events: await events(code),
  audit: Number((await stack.ds.query(`SELECT count(*) AS n FROM audit_log WHERE chain = $1`, [code]))[0].n),
  alarms: await pendingAlarms(code),
});

describe('dossier workflows closed outside the API', () => {
  it('a terminated workflow leaves no alarm ringing and its dossier says it was terminated, why and when', async () => {
    const halted = await register([8, 8]);
    const control = await register([8, 8]);
    expect(await pendingAlarms(halted.code)).toBeGreaterThan(0);
    await stack.client.workflow.getHandle(halted.code).terminate('operator: duplicate filing');

    const halt = await reconcileUntilHalted(halted.code);
    expect(halt).toMatchObject({ status: 'terminated', reason: 'operator: duplicate filing' });
    const closed = await stack.client.workflow.getHandle(halted.code).describe();
    expect(halt.at).toBe(closed.closeTime?.toISOString());
    expect(await pendingAlarms(halted.code)).toBe(0);

    const { body } = await desk().get(`/api/dossiers/${halted.code}`).expect(200);
    expect(body.halted).toEqual(halt);
    expect(body.allowedActions).toEqual([]);
    expect(body.events.at(-1)).toMatchObject({ type: 'workflow_halted', payload: { status: 'terminated', reason: 'operator: duplicate filing', runId: closed.runId } });
    expect((await verifyAuditChains(stack.ds, { chain: halted.code })).ok).toBe(true);

    // The running dossier's first alarm rings (the clock works); the terminated one's never does.
    await waitFor(async () => (await alerts(control.code)).length > 0, 'the running dossier to be alerted');
    await waitFor(async () => Date.now() > Date.parse(control.steps[0].dueAt) + 1000, 'both dossiers\' first step to be overdue');
    await waitFor(async () => (await alerts(control.code)).some((a) => a.kind === 'step_overdue'), 'the running dossier\'s overdue alert');
    expect(await alerts(halted.code)).toEqual([]);
    expect((await stack.ds.query(`SELECT view->'halted' AS h FROM dossiers WHERE code = $1`, [control.code]))[0].h).toBeNull();
  });

  it('a workflow that timed out is recorded as timed out, without its alarms', async () => {
    // The API never sets a run timeout: this dossier is started as an operator's tool would.
    const p = secondsProcedure([30, 30]);
    await insertProcedure(stack.ds, p);
    const code = `${p.agencyCode}-TIMEOUT-${Date.now()}`;
    const input: DossierInput = { code, agencyCode: p.agencyCode, procedure: { ...p, version: 1 }, calendar: DEFAULT_CALENDAR, applicant: { name: 'Phạm Thị Hoa' }, channel: 'online', receivedAt: new Date().toISOString() };
    await stack.client.workflow.executeUpdateWithStart(registerUpdate, {
      updateId: 'register',
      startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
        workflowId: code, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowRunTimeout: '3 seconds',
      }),
    });
    expect(await pendingAlarms(code)).toBeGreaterThan(0);
    await waitFor(async () => (await stack.client.workflow.getHandle(code).describe()).status.name === 'TIMED_OUT', 'the run to time out');

    const halt = await reconcileUntilHalted(code);
    expect(halt).toEqual({ status: 'timed_out', at: (await stack.client.workflow.getHandle(code).describe()).closeTime?.toISOString() });
    expect(await pendingAlarms(code)).toBe(0);
    expect((await verifyAuditChains(stack.ds, { chain: code })).ok).toBe(true);
  });

  it('a second reconciliation records nothing and moves no watermark', async () => {
    const d = await register([30, 30]);
    await stack.client.workflow.getHandle(d.code).terminate('operator: test');
    await reconcileUntilHalted(d.code);
    const before = await snapshot(d.code);
    const mark = (await stack.ds.query(`SELECT closed_up_to FROM dossier_reconcile`))[0].closed_up_to;
    const again: ReconcileResult = await reconcile();
    expect(again.halted).toBe(0);
    expect(await snapshot(d.code)).toEqual(before);
    expect((await stack.ds.query(`SELECT closed_up_to FROM dossier_reconcile`))[0].closed_up_to).toEqual(mark);
  });
});

/** A dossier whose reception and review are done, in the workflow's first run. */
async function reviewedDossier() {
  const d = await register([60, 60, 60]);
  await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({}).expect(200);
  const { body: old } = await reviewer().post(`/api/dossiers/${d.code}/steps/review/complete`).send({}).expect(200);
  expect(old.currentStepKey).toBe('approval');
  return { d, old: old as DossierView, oldRun: (await stack.client.workflow.getHandle(d.code).describe()).runId, oldEvents: await events(d.code) };
}

const historyOf = async (workflowId: string, runId: string) =>
  (await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: stack.config.TEMPORAL_NAMESPACE, execution: { workflowId, runId } })).history!.events!;

/** An operator's reset to the end of a workflow task; nothing the old run received is delivered again (the next change is the test's own). Returns the new run. */
async function resetTo(workflowId: string, runId: string, workflowTaskFinishEventId: temporal.api.history.v1.IHistoryEvent['eventId']): Promise<string> {
  const { ResetReapplyExcludeType: X } = temporal.api.enums.v1;
  const { runId: newRun } = await stack.client.workflowService.resetWorkflowExecution({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    workflowExecution: { workflowId, runId },
    reason: 'operator: review to be done again',
    workflowTaskFinishEventId,
    requestId: randomUUID(),
    resetReapplyExcludeTypes: [X.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL, X.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE],
  });
  return newRun!;
}

describe('a reset dossier workflow', () => {
  it('replaces the projection with the new run, drops the old run\'s late write, and keeps the audit chain whole', async () => {
    const { d, old, oldRun, oldEvents } = await reviewedDossier();

    // Reset to the end of the first workflow task (the registration): the new run runs it again.
    const firstTask = (await historyOf(d.code, oldRun)).find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)!;
    const newRun = await resetTo(d.code, oldRun, firstTask.eventId);
    await waitFor(async () => (await events(d.code)).some((e) => e.type === 'workflow_reset'), 'the new run to write');
    // The old run, terminated by the reset, is no orphan.
    const result = await waitFor(async () => {
      const r = await reconcile();
      return r.replaced > 0 && r;
    }, 'the reset-terminated run to be listed');
    expect(result.halted).toBe(0);

    const { body: reset } = await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({ note: 'lại' }).expect(200);
    expect(reset.currentStepKey).toBe('review');
    const { body: detail } = await desk().get(`/api/dossiers/${d.code}`).expect(200);
    expect(detail.currentStepKey).toBe('review');
    expect(detail.halted).toBeUndefined();
    expect(detail.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'active', 'pending']);
    const after = await events(d.code);
    // The old run's events stay, the reset follows them, the new run's events follow it.
    expect(after.slice(0, oldEvents.length)).toEqual(oldEvents);
    expect(after.slice(oldEvents.length).map((e) => e.type)).toEqual(['workflow_reset', 'registered', 'step_completed']);
    expect(after[oldEvents.length].payload).toEqual({ fromRunId: oldRun, runId: newRun, resumedAfter: 0, undone: oldEvents.length });
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));

    // A write of the old run arriving late (its approval) is stale: nothing changes.
    const before = await snapshot(d.code);
    await writeProgress(stack.ds, clock, {
      applicant: { name: 'Lê Văn Tám' }, channel: 'online', dossier: { ...old, currentStepKey: undefined }, alarms: [],
      event: { seq: oldEvents.length + 1, type: 'step_completed', at: new Date().toISOString(), actor: 'approver1', payload: { stepKey: 'approval' } },
    }, { id: oldRun, isCurrent: () => currentRunCheck(stack.client)(d.code, oldRun) });
    expect(await snapshot(d.code)).toEqual(before);
    expect(before.row.run_id).toBe(newRun);

    const audit = await stack.ds.query(`SELECT action FROM audit_log WHERE chain = $1 ORDER BY seq`, [d.code]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('workflow_reset');
    expect((await verifyAuditChains(stack.ds, { chain: d.code })).ok).toBe(true);
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });

  it('that writes nothing until a command is written from its new run by the reconciliation, alarms included', async () => {
    const { d, oldRun, oldEvents } = await reviewedDossier();
    expect(await alarmSteps(d.code)).toContain('approval');

    // Reset to the task that accepted the review's completion, which is not delivered again: the
    // new run re-runs that task with nothing to do, so it writes nothing.
    const { EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: accepted, EVENT_TYPE_WORKFLOW_TASK_COMPLETED: completed } = temporal.api.enums.v1.EventType;
    const backwards = (await historyOf(d.code, oldRun)).reverse();
    const task = backwards.slice(backwards.findIndex((e) => e.eventType === accepted)).find((e) => e.eventType === completed)!;
    const newRun = await resetTo(d.code, oldRun, task.eventId);
    expect((await stack.client.workflow.getHandle(d.code).query(dossierStateQuery)).currentStepKey).toBe('review');
    expect(await events(d.code)).toEqual(oldEvents);

    await waitFor(async () => (await reconcile()).resynced > 0, 'the reset to be reconciled');
    const { body: detail } = await desk().get(`/api/dossiers/${d.code}`).expect(200);
    expect(detail.currentStepKey).toBe('review');
    expect(detail.events.at(-1)).toMatchObject({ seq: oldEvents.length + 1, type: 'workflow_reset', payload: { fromRunId: oldRun, runId: newRun, resumedAfter: oldEvents.length - 1, undone: 1 } });
    expect(await alarmSteps(d.code)).toEqual(expect.arrayContaining(['review']));
    expect(await alarmSteps(d.code)).not.toContain('approval');
    const synced = await snapshot(d.code);
    expect((await reconcile()).resynced).toBe(0);
    expect(await snapshot(d.code)).toEqual(synced);

    await reviewer().post(`/api/dossiers/${d.code}/steps/review/complete`).send({ note: 'lần hai' }).expect(200);
    const after = await events(d.code);
    expect(after.slice(oldEvents.length).map((e) => e.type)).toEqual(['workflow_reset', 'step_completed']);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect((await desk().get(`/api/dossiers/${d.code}`).expect(200)).body.currentStepKey).toBe('approval');
    expect((await verifyAuditChains(stack.ds, { chain: d.code })).ok).toBe(true);
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });
});
