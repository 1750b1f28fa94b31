import { WithStartWorkflowOperation } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { CALENDAR_SYSTEM, commandUpdate, registerUpdate, type ActorRef, type DossierInput } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { PETITION_WORKFLOW, petitionCommandUpdate, petitionReplanUpdate, type PetitionInput } from '../../workflows/petition.contract';
import type { petitionWorkflow } from '../../workflows/petition.workflow';
import { secondsProcedure } from '../support/fixtures';
import { useWorkerStack } from '../support/e2e';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';

jest.setTimeout(60_000);

const stack = useWorkerStack();

/**
 * Commands delivered in one workflow task run their handlers together: each handler's write of
 * the projection (a local activity) used to start at once, so a later event's write could commit
 * first and the earlier one was then dropped as older than the row (CI: the calendar rollout's
 * 'replanned' event, sent with a desk's command to a dossier registered by a plain start, never
 * reached the projection). Writes go one at a time, in the order of their events.
 *
 * Each test runs the workflow on a worker of its own whose projection writers only log: the first
 * command's write (event 2) holds its workflow task open until the server has admitted two more
 * commands, which then come in one task; event 3's write gives event 4's, if it runs beside it, time to
 * start and end first.
 */
async function loggedWrites(scenario: (taskQueue: string, firstCommandWriting: Promise<void>, releaseFirstCommand: () => void) => Promise<void>): Promise<string[]> {
  const log: string[] = [];
  const started = new Set<number>();
  let releaseFirstCommand!: () => void;
  const firstCommandHeld = new Promise<void>((r) => (releaseFirstCommand = r));
  const write = async ({ event }: { event: { seq: number; type: string } }): Promise<number> => {
    started.add(event.seq);
    log.push(`start ${event.seq}:${event.type}`);
    if (event.seq === 2) await firstCommandHeld;
    if (event.seq === 3) await waitFor(async () => started.has(4), 'the next write to start', 1_500).catch(() => undefined);
    log.push(`end ${event.seq}:${event.type}`);
    return Date.now();
  };
  const taskQueue = `writes-in-order-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: stack.config.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: stack.config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: { recordProgress: write, recordPetition: write, recordAlert: async () => Date.now() },
  });
  const running = worker.run();
  try {
    await scenario(taskQueue, waitFor(async () => started.has(2), "the first command's write to start").then(() => undefined), releaseFirstCommand);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
  return log;
}

/**
 * Sends the next two commands (Updates with the ids `send` is given) while the first command's task
 * is open, and lets it end once the server has admitted both: they then come in one task.
 */
async function twoMoreWhileHeld<T>(workflowId: string, firstCommandWriting: Promise<void>, release: () => void, send: (updateIds: [string, string]) => Promise<T>[]): Promise<T[]> {
  await firstCommandWriting;
  const updateIds: [string, string] = [`${workflowId}-second`, `${workflowId}-third`];
  const sent = send(updateIds);
  const admitted = (updateId: string) =>
    stack.client.workflowService
      .pollWorkflowExecutionUpdate({
        namespace: stack.config.TEMPORAL_NAMESPACE,
        updateRef: { workflowExecution: { workflowId }, updateId },
        waitPolicy: { lifecycleStage: proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
      })
      .then(() => true, () => false);
  await waitFor(async () => (await Promise.all(updateIds.map(admitted))).every(Boolean), 'the server to admit both Updates');
  release();
  return Promise.all(sent);
}

/** The log's shape: every write ends before the next starts, events 1 and 2 first, the last two in either order (they raced to the server). */
function expectInOrder(log: string[], first: string[], lastTwo: string[]) {
  expect(log.map((l) => l.replace(/:.*/, ''))).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  const ended = log.filter((l) => l.startsWith('end')).map((l) => l.replace(/^end \d+:/, ''));
  expect(ended.slice(0, 2)).toEqual(first);
  expect([...ended.slice(2)].sort()).toEqual([...lastTwo].sort());
}

describe('commands that arrive together', () => {
  it("write a dossier's events one at a time, in order, each after the one before has been written", async () => {
    const log = await loggedWrites(async (taskQueue, firstCommandWriting, release) => {
      const p = secondsProcedure([600, 600]);
      const code = `${p.agencyCode}-${Date.now()}-order`;
      const input: DossierInput = {
        code, agencyCode: p.agencyCode, procedure: { ...p, version: 1 }, calendar: DEFAULT_CALENDAR,
        applicant: { name: 'Trịnh Thị Thứ Tự' }, channel: 'online', receivedAt: new Date().toISOString(),
      };
      await stack.client.workflow.executeUpdateWithStart(registerUpdate, {
        updateId: 'register',
        startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', { workflowId: code, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' }),
      });
      const handle = stack.client.workflow.getHandle(code);
      const first = handle.executeUpdate(commandUpdate, { args: [{ type: 'complete', stepKey: 'reception' }] });
      const [replanned, assigned] = await twoMoreWhileHeld(code, firstCommandWriting, release, ([a, b]) => [
        handle.executeUpdate(commandUpdate, { updateId: a, args: [{ type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1, actor: 'calendar', by: CALENDAR_SYSTEM }] }),
        handle.executeUpdate(commandUpdate, { updateId: b, args: [{ type: 'assign', stepKey: 'review', assignee: 'chuyenvien' }] }),
      ]);
      expect((await first).currentStepKey).toBe('review');
      expect(replanned.status).toBe('processing');
      expect(assigned.steps.find((s) => s.key === 'review')?.assignee).toBe('chuyenvien');
      await maybeRecord(stack.client, code, 'dossier-v5-writes-in-order');
    });
    expectInOrder(log, ['registered', 'step_completed'], ['replanned', 'assigned']);
  });

  it("write a petition's events one at a time, in order, each after the one before has been written", async () => {
    const supervisor: ActorRef = { id: 'supervisor', username: 'supervisor', roles: ['supervisor'], agencyCode: DEMO_AGENCY_CODE, agencyWide: true };
    const log = await loggedWrites(async (taskQueue, firstCommandWriting, release) => {
      const code = `${DEMO_AGENCY_CODE}-PA-ORDER-${String(Date.now() % 10_000).padStart(4, '0')}`;
      const input: PetitionInput = {
        code, agencyCode: DEMO_AGENCY_CODE, kind: 'feedback', source: 'web', subject: 'Thứ tự', message: 'Ghi theo thứ tự.',
        receivedAt: new Date().toISOString(), calendar: DEFAULT_CALENDAR, calendarVersion: 1,
        plan: { classify: { workingDays: 5 }, assign: { workingDays: 2 }, answer: { workingDays: 4 }, publish: { workingDays: 5 } },
      };
      const handle = await stack.client.workflow.start<typeof petitionWorkflow>(PETITION_WORKFLOW, { workflowId: code, taskQueue, args: [input] });
      const first = handle.executeUpdate(petitionCommandUpdate, { args: [{ type: 'classify', outcome: 'in_scope', reason: 'ok', actor: 'supervisor', by: supervisor }] });
      // Every weekday of the next three weeks off: the open assignment's due date moves.
      const daysOff = Array.from({ length: 21 }, (_, d) => new Date(Date.now() + (d + 1) * 86_400_000).toISOString().slice(0, 10));
      const [replanned, assigned] = await twoMoreWhileHeld<unknown>(code, firstCommandWriting, release, ([a, b]) => [
        handle.executeUpdate(petitionReplanUpdate, { updateId: a, args: [{ calendar: { ...DEFAULT_CALENDAR, daysOff }, version: 2 }] }).then((r) => r.moved),
        handle.executeUpdate(petitionCommandUpdate, { updateId: b, args: [{ type: 'assign', assignee: 'chuyenvien', actor: 'supervisor', by: supervisor }] }).then((v) => v.assignee),
      ]);
      expect((await first).stage).toBe('assign');
      expect([replanned, assigned]).toEqual([true, 'chuyenvien']);
      await handle.terminate('test done');
    });
    expectInOrder(log, ['received', 'classified'], ['replanned', 'assigned']);
  });
});
