import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { addDuration, DEFAULT_CALENDAR } from '../../libs/domain/src';
import type { ActorRef } from '../../workflows/dossier.contract';
import { PETITION_WORKFLOW, petitionCommandUpdate, petitionReplanUpdate, petitionStateQuery, type PetitionInput, type PetitionPlan } from '../../workflows/petition.contract';
import type { petitionWorkflow } from '../../workflows/petition.workflow';
import { useWorkerStack } from '../support/e2e';
import { waitFor } from '../support/stack';

/** Issue 21: a calendar change re-plans an open petition once, and the petition keeps that calendar for its later stages. */
jest.setTimeout(60_000);

const stack = useWorkerStack();
const plan: PetitionPlan = { classify: { workingDays: 5 }, assign: { workingDays: 2 }, answer: { workingDays: 4 }, publish: { workingDays: 5 } };
const at = (local: string) => new Date(`${local}+07:00`).toISOString();
const supervisor: ActorRef = { id: 'supervisor', username: 'supervisor', roles: ['supervisor'], agencyCode: DEMO_AGENCY_CODE, agencyWide: true };

describe('petition workflow', () => {
  it('re-plans on a newer calendar once (the same version again is refused, an unmoved one writes nothing) and times later stages on it', async () => {
    const code = `${DEMO_AGENCY_CODE}-PA-270305-${String(Date.now() % 10_000).padStart(4, '0')}`;
    // Received Friday 05/03/2027 09:00: classification due Friday 12/03 09:00 (5 working days).
    const input: PetitionInput = {
      code, agencyCode: DEMO_AGENCY_CODE, kind: 'feedback', source: 'web', subject: 'Chờ lâu', message: 'Tôi chờ 2 giờ.',
      receivedAt: at('2027-03-05T09:00:00'), calendar: DEFAULT_CALENDAR, calendarVersion: 1, plan,
    };
    const handle = await stack.client.workflow.start<typeof petitionWorkflow>(PETITION_WORKFLOW, { workflowId: code, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input] });
    expect((await handle.query(petitionStateQuery)).stages[0].dueAt).toBe(at('2027-03-12T09:00:00'));

    // Tuesday 09/03 off (and Friday 19/03, after the classification): due Monday 15/03 09:00. And the
    // next two weekdays from today, inside the assignment the test opens below.
    const weekdaysAhead: string[] = [];
    for (let d = 1; weekdaysAhead.length < 2; d++) {
      const day = new Date(Date.now() + 7 * 3600_000 + d * 86_400_000);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdaysAhead.push(day.toISOString().slice(0, 10));
    }
    const dayOff = { ...DEFAULT_CALENDAR, daysOff: ['2027-03-09', '2027-03-19', ...weekdaysAhead] };
    const first = await handle.executeUpdate(petitionReplanUpdate, { args: [{ calendar: dayOff, version: 2 }] });
    expect(first.moved).toBe(true);
    expect(first.petition.stages[0].dueAt).toBe(at('2027-03-15T09:00:00'));
    // The rollout sent twice (a retry, or the submission's catch-up after the rollout): refused.
    await expect(handle.executeUpdate(petitionReplanUpdate, { args: [{ calendar: dayOff, version: 2 }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    // A newer version that moves none of its dates (another agency's change): taken, nothing written.
    expect((await handle.executeUpdate(petitionReplanUpdate, { args: [{ calendar: dayOff, version: 3 }] })).moved).toBe(false);

    const events = async () => ((await stack.ds.query(`SELECT type FROM petition_events WHERE petition_code = $1 ORDER BY seq`, [code])) as { type: string }[]).map((e) => e.type);
    await waitFor(async () => (await events()).length === 2, 'the replanned event');
    expect(await events()).toEqual(['received', 'replanned']);
    const [row]: { stage_due_at: Date }[] = await stack.ds.query(`SELECT stage_due_at FROM petitions WHERE code = $1`, [code]);
    expect(row.stage_due_at.toISOString()).toBe(at('2027-03-15T09:00:00'));

    // The assignment opened now is timed on the calendar of the change, not the one of receipt.
    const classified = await handle.executeUpdate(petitionCommandUpdate, { args: [{ type: 'classify', outcome: 'in_scope', reason: 'ok', actor: 'supervisor', by: supervisor }] });
    const assign = classified.stages[1];
    expect(assign.dueAt).toBe(addDuration(new Date(assign.startedAt), plan.assign, dayOff).due.toISOString());
    expect(assign.dueAt).not.toBe(addDuration(new Date(assign.startedAt), plan.assign, DEFAULT_CALENDAR).due.toISOString());
    expect(await events()).toEqual(['received', 'replanned', 'classified']);
    await handle.terminate('test done');
  });
});
