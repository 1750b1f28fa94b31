import { ApplicationFailure, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { commandUpdate, registerUpdate, REJECTED_CONFLICT, REJECTED_FORBIDDEN, type ActorRef, type CommandInput, type DossierInput, type DossierView } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { useWorkerStack } from '../support/e2e';
import { insertProcedure, secondsProcedure } from '../support/fixtures';
import { maybeRecord } from '../support/replay';

/**
 * The workflow itself decides who may act (issue 17 item 1): commands sent straight to Temporal,
 * with no API in front, are judged with the actor they carry. Set RECORD_REPLAY=1 to record the
 * history of commands carrying actors that the replay test guards (dossier-v3-actors).
 */
jest.setTimeout(60_000);

const stack = useWorkerStack();

const person = (username: string, roles: ActorRef['roles'], departmentCode: string, agencyCode: string): ActorRef => ({ id: username, username, roles, agencyCode, departmentCode, agencyWide: false });

async function register(agencyCode: string, procedure: DossierInput['procedure']): Promise<DossierView> {
  const code = `${agencyCode}-${Date.now()}-actors`;
  const input: DossierInput = { code, agencyCode, procedure, calendar: DEFAULT_CALENDAR, applicant: { name: 'Phan Thị Thu' }, channel: 'counter', receivedAt: new Date().toISOString() };
  return stack.client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: 'register',
    startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', { workflowId: code, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' }),
  });
}

/** The refusal's type and reason, or 'applied'. */
async function send(code: string, command: CommandInput): Promise<'applied' | { type?: string | null; message: string }> {
  try {
    await stack.client.workflow.getHandle(code).executeUpdate(commandUpdate, { args: [command] });
    return 'applied';
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    return { type: cause?.type, message: err.cause?.message ?? err.message };
  }
}

describe('the dossier workflow judges each command with its actor', () => {
  it('refuses a claimed step to another officer and a double complete as a conflict, records only what was applied', async () => {
    const p = secondsProcedure([600, 600, 600, 600]);
    await insertProcedure(stack.ds, p);
    const a = p.agencyCode;
    const desk = person('desk.lan', ['reception'], 'MOT_CUA', a);
    const an = person('an', ['reviewer'], 'DKKD', a);
    const binh = person('binh', ['reviewer'], 'DKKD', a);
    const head = person('nam', ['approver'], 'DKKD', a);
    const receipt = await register(a, { ...p, version: 1 });
    const code = receipt.code;
    const as = (by: ActorRef, c: CommandInput) => send(code, { ...c, actor: by.username, by });

    expect(await as(an, { type: 'complete', stepKey: 'reception' })).toEqual({ type: REJECTED_FORBIDDEN, message: expect.stringMatching(/reception role/) });
    expect(await as(desk, { type: 'complete', stepKey: 'reception' })).toBe('applied');
    expect(await as(desk, { type: 'complete', stepKey: 'reception' })).toEqual({ type: REJECTED_CONFLICT, message: 'step reception is not current (current step: review)' });

    expect(await as(an, { type: 'assign', stepKey: 'review', assignee: 'an' })).toBe('applied');
    expect(await as(binh, { type: 'complete', stepKey: 'review' })).toEqual({ type: REJECTED_FORBIDDEN, message: 'step review is claimed by an' });
    expect(await as(binh, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toEqual({ type: REJECTED_FORBIDDEN, message: 'step review is claimed by an' });
    expect(await as(an, { type: 'complete', stepKey: 'review' })).toBe('applied');
    expect(await as(head, { type: 'complete', stepKey: 'approval' })).toBe('applied');
    expect(await as(an, { type: 'recordReturn' })).toEqual({ type: REJECTED_FORBIDDEN, message: expect.stringMatching(/one-stop desk/) });
    expect(await as(desk, { type: 'recordReturn' })).toBe('applied');

    const done = await stack.client.workflow.getHandle<typeof dossierWorkflow>(code).result();
    expect(done.status).toBe('returned');
    expect(done.steps.find((s) => s.key === 'review')?.assignee).toBe('an');
    const events: { type: string; actor: string | null }[] = await stack.ds.query(`SELECT type, actor FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`, [code]);
    expect(events).toEqual([
      { type: 'registered', actor: null },
      { type: 'step_completed', actor: 'desk.lan' },
      { type: 'claimed', actor: 'an' },
      { type: 'step_completed', actor: 'an' },
      { type: 'step_completed', actor: 'nam' },
      { type: 'result_returned', actor: 'desk.lan' },
    ]);
    await maybeRecord(stack.client, code, 'dossier-v3-actors');
  });
});
