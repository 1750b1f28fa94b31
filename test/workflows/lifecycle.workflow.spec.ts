import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import type { AppConfig } from '../../libs/config/src';
import { commandUpdate, registerUpdate, type CommandInput, type DossierInput, type DossierView } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { openClient, openDataSource, startWorker, testConfig, waitFor, type RunningWorker } from '../support/stack';

jest.setTimeout(60_000);

let config: AppConfig;
let ds: DataSource;
let client: Client;
let worker: RunningWorker;
let n = 0;

beforeAll(async () => {
  config = await testConfig();
  ds = await openDataSource(config);
  client = await openClient(config);
  worker = await startWorker(config, ds);
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
  await ds?.destroy();
});

async function register(stepSeconds: number[], extra: Partial<DossierInput['procedure']> = {}): Promise<DossierView> {
  const p = secondsProcedure(stepSeconds);
  const code = `${p.agencyCode}-${Date.now()}-${++n}`;
  const input: DossierInput = { code, agencyCode: p.agencyCode, procedure: { ...p, version: 1, ...extra }, calendar: DEFAULT_CALENDAR, applicant: { name: 'Đặng Thùy Trâm' }, channel: 'online', receivedAt: new Date().toISOString() };
  return client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: 'register',
    startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', { workflowId: code, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' }),
  });
}

const send = (code: string, c: CommandInput) => client.workflow.getHandle(code).executeUpdate(commandUpdate, { args: [c] });
const until = (instant: string, marginMs = 800) => waitFor(async () => Date.now() > Date.parse(instant) + marginMs, `time to pass ${instant}`);

describe('lifecycle on the real server', () => {
  it('fires nothing while a supplement is awaited and fires at the shifted deadline after it arrives', async () => {
    const d = await register([4, 30]);
    const paused = await send(d.code, { type: 'requestSupplement', reason: 'Thiếu điều lệ', items: ['Điều lệ công ty'] });
    expect(paused).toMatchObject({ status: 'supplement_requested', statusCode: 5 });
    await until(d.steps[0].dueAt);
    expect(await alertCounts(ds, d.code)).toEqual({});

    const resumed = await send(d.code, { type: 'supplementReceived', note: 'đã nộp' });
    expect(Date.parse(resumed.steps[0].dueAt)).toBeGreaterThan(Date.parse(d.steps[0].dueAt));
    await waitFor(async () => (await alertCounts(ds, d.code))['step_overdue:reception'], 'the overdue alert at the shifted time');
    const [alert]: { due_at: Date; fired_at: Date }[] = await ds.query(`SELECT due_at, fired_at FROM alerts WHERE dossier_code = $1 AND kind = 'step_overdue'`, [d.code]);
    expect(alert.due_at.toISOString()).toBe(resumed.steps[0].dueAt);
    expect(alert.fired_at.getTime()).toBeGreaterThanOrEqual(Date.parse(resumed.steps[0].dueAt));
    await client.workflow.getHandle(d.code).terminate('done');
  });

  it('restarts the clock from zero after a supplement under the restart policy', async () => {
    const d = await register([20, 20], { supplementPolicy: 'restart' });
    await send(d.code, { type: 'requestSupplement', reason: 'r', items: [] });
    const resumed = await send(d.code, { type: 'supplementReceived' });
    const resumedAt = Date.parse(resumed.pauses[0].to!);
    expect(Date.parse(resumed.dueAt) - resumedAt).toBe(41_000);
    expect(Date.parse(resumed.steps[0].dueAt) - resumedAt).toBe(20_000);
    await client.workflow.getHandle(d.code).terminate('done');
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
    await client.workflow.getHandle(d.code).terminate('done');
  });

  it('sends a step back, runs it again as attempt 2, and alerts on the new attempt', async () => {
    const d = await register([30, 3, 30]);
    await send(d.code, { type: 'complete', stepKey: 'reception' });
    await send(d.code, { type: 'complete', stepKey: 'review' });
    const back = await send(d.code, { type: 'sendBack', stepKey: 'approval', toStepKey: 'review', reason: 'Bổ sung ý kiến thẩm định' });
    expect(back.steps[1]).toMatchObject({ status: 'active', attempt: 2 });
    await waitFor(async () => (await alertCounts(ds, d.code))['step_overdue:review'], 'overdue alert of the second attempt');
    const rows: { level: number }[] = await ds.query(`SELECT level FROM alerts WHERE dossier_code = $1 AND step_key = 'review'`, [d.code]);
    expect(rows.map((r) => r.level)).toEqual([2, 2]);
    const events: { type: string }[] = await ds.query(`SELECT type FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [d.code]);
    expect(events.map((e) => e.type)).toEqual(['registered', 'step_completed', 'step_completed', 'sent_back']);
    await client.workflow.getHandle(d.code).terminate('done');
  });

  it('refuses after review, then returns the refusal; withdrawal ends the workflow', async () => {
    const a = await register([30, 30, 30, 30]);
    await send(a.code, { type: 'complete', stepKey: 'reception' });
    const refused = await send(a.code, { type: 'refuse', reason: 'Ngành nghề cấm kinh doanh' });
    expect(refused).toMatchObject({ status: 'awaiting_return', outcome: 'refused', currentStepKey: 'return' });
    await send(a.code, { type: 'recordReturn' });
    expect(await client.workflow.getHandle(a.code).result()).toMatchObject({ status: 'returned', statusCode: 10, outcome: 'refused' });

    const b = await register([30, 30]);
    await send(b.code, { type: 'withdraw', reason: 'Công dân xin rút hồ sơ' });
    expect(await client.workflow.getHandle(b.code).result()).toMatchObject({ status: 'withdrawn', statusCode: 8 });
    expect(await ds.query(`SELECT status, status_code FROM dossiers WHERE code = $1`, [b.code])).toEqual([{ status: 'withdrawn', status_code: 8 }]);
  });
});
