import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { commandUpdate, registerUpdate, type CommandInput, type DossierInput, type DossierView } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { useWorkerStack } from '../support/e2e';
import { waitFor } from '../support/stack';

jest.setTimeout(60_000);

const stack = useWorkerStack();

let n = 0;


async function register(stepSeconds: number[], extra: Partial<DossierInput['procedure']> = {}): Promise<DossierView> {
  const p = secondsProcedure(stepSeconds);
  const code = `${p.agencyCode}-${Date.now()}-${++n}`;
  const input: DossierInput = { code, agencyCode: p.agencyCode, procedure: { ...p, version: 1, ...extra }, calendar: DEFAULT_CALENDAR, applicant: { name: 'Đặng Thùy Trâm' }, channel: 'online', receivedAt: new Date().toISOString() };
  return stack.client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: 'register',
    startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', { workflowId: code, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' }),
  });
}

const send = (code: string, c: CommandInput) => stack.client.workflow.getHandle(code).executeUpdate(commandUpdate, { args: [c] });
const until = (instant: string, marginMs = 800) => waitFor(async () => Date.now() > Date.parse(instant) + marginMs, `time to pass ${instant}`);

describe('lifecycle on the real server', () => {
  it('fires nothing while a supplement is awaited and fires at the shifted deadline after it arrives', async () => {
    const d = await register([10, 30]);
    const paused = await send(d.code, { type: 'requestSupplement', reason: 'Thiếu điều lệ', items: ['Điều lệ công ty'] });
    expect(paused).toMatchObject({ status: 'supplement_requested', statusCode: 5 });
    const pausedAt = paused.pauses[0].from;
    expect(Date.parse(pausedAt)).toBeLessThan(Date.parse(d.steps[0].dueAt));
    await until(d.steps[0].dueAt);
    // Nothing fired from the pause on, not even the step's own overdue alarm at its old due time
    // (an at-risk alarm may have fired before the pause on a slow machine: that is not the question).
    expect(await stack.ds.query(`SELECT kind FROM alerts WHERE dossier_code = $1 AND fired_at >= $2`, [d.code, pausedAt])).toEqual([]);
    expect((await alertCounts(stack.ds, d.code))['step_overdue:reception']).toBeUndefined();

    const resumed = await send(d.code, { type: 'supplementReceived', note: 'đã nộp' });
    expect(Date.parse(resumed.steps[0].dueAt)).toBeGreaterThan(Date.parse(d.steps[0].dueAt));
    await waitFor(async () => (await alertCounts(stack.ds, d.code))['step_overdue:reception'], 'the overdue alert at the shifted time');
    const [alert]: { due_at: Date; fired_at: Date }[] = await stack.ds.query(`SELECT due_at, fired_at FROM alerts WHERE dossier_code = $1 AND kind = 'step_overdue'`, [d.code]);
    expect(alert.due_at.toISOString()).toBe(resumed.steps[0].dueAt);
    expect(alert.fired_at.getTime()).toBeGreaterThanOrEqual(Date.parse(resumed.steps[0].dueAt));
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });

  it('restarts the clock from zero after a supplement under the restart policy', async () => {
    const d = await register([20, 20], { supplementPolicy: 'restart' });
    await send(d.code, { type: 'requestSupplement', reason: 'r', items: [] });
    const resumed = await send(d.code, { type: 'supplementReceived' });
    const resumedAt = Date.parse(resumed.pauses[0].to!);
    expect(Date.parse(resumed.dueAt) - resumedAt).toBe(41_000);
    expect(Date.parse(resumed.steps[0].dueAt) - resumedAt).toBe(20_000);
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });

  it('reschedules once and re-arms the dossier overdue alarm at the new date', async () => {
    const d = await register([30, 30]);
    const newDueAt = new Date(Date.now() + 3000).toISOString();
    await expect(send(d.code, { type: 'reschedule', newDueAt, reason: 'r' })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const later = new Date(Date.parse(d.dueAt) + 60_000).toISOString();
    const r = await send(d.code, { type: 'reschedule', newDueAt: later, reason: 'Cần xác minh thực địa' });
    expect(r).toMatchObject({ dueAt: later, originalDueAt: d.dueAt, reschedule: { reason: 'Cần xác minh thực địa' } });
    const again = await send(d.code, { type: 'reschedule', newDueAt: new Date(Date.parse(later) + 1000).toISOString(), reason: 'r' }).catch((e: WorkflowUpdateFailedError) => e);
    expect((again as WorkflowUpdateFailedError).cause?.message).toMatch(/once/);
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });

  it('sends a step back, runs it again as attempt 2, and alerts on the new attempt', async () => {
    const d = await register([30, 3, 30]);
    await send(d.code, { type: 'complete', stepKey: 'reception' });
    await send(d.code, { type: 'complete', stepKey: 'review' });
    const back = await send(d.code, { type: 'sendBack', stepKey: 'approval', toStepKey: 'review', reason: 'Bổ sung ý kiến thẩm định' });
    expect(back.steps[1]).toMatchObject({ status: 'active', attempt: 2 });
    await waitFor(async () => (await alertCounts(stack.ds, d.code))['step_overdue:review'], 'overdue alert of the second attempt');
    const rows: { level: number }[] = await stack.ds.query(`SELECT level FROM alerts WHERE dossier_code = $1 AND step_key = 'review'`, [d.code]);
    expect(rows.map((r) => r.level)).toEqual([2, 2]);
    const events: { type: string }[] = await stack.ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [d.code]);
    expect(events.map((e) => e.type)).toEqual(['registered', 'step_completed', 'step_completed', 'sent_back']);
    await stack.client.workflow.getHandle(d.code).terminate('done');
  });

  it('refuses after review, then returns the refusal; withdrawal ends the workflow', async () => {
    const a = await register([30, 30, 30, 30]);
    await send(a.code, { type: 'complete', stepKey: 'reception' });
    const refused = await send(a.code, { type: 'refuse', reason: 'Ngành nghề cấm kinh doanh' });
    expect(refused).toMatchObject({ status: 'awaiting_return', outcome: 'refused', currentStepKey: 'return' });
    await send(a.code, { type: 'recordReturn' });
    expect(await stack.client.workflow.getHandle(a.code).result()).toMatchObject({ status: 'returned', statusCode: 10, outcome: 'refused' });

    const b = await register([30, 30]);
    await send(b.code, { type: 'withdraw', reason: 'Công dân xin rút hồ sơ' });
    expect(await stack.client.workflow.getHandle(b.code).result()).toMatchObject({ status: 'withdrawn', statusCode: 8 });
    expect(await stack.ds.query(`SELECT status, status_code FROM dossiers WHERE code = $1`, [b.code])).toEqual([{ status: 'withdrawn', status_code: 8 }]);
  });
});
