import { WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { CALENDAR_SYSTEM, commandUpdate, registerUpdate, type DossierInput, type ProgressRecord } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { secondsProcedure } from '../support/fixtures';
import { useWorkerStack } from '../support/e2e';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';

jest.setTimeout(60_000);

// The workflow's own worker, on a queue of its own, with a projection writer that only logs: the
// test decides when each write ends.
const stack = useWorkerStack();

/**
 * Commands delivered in one workflow task run their handlers together: each handler's write of
 * the projection (a local activity) used to start at once, so a later event's write could commit
 * first and the earlier one was then dropped as older than the row (CI: the calendar rollout's
 * 'replanned' event, sent with a desk's command to a dossier registered by a plain start, never
 * reached the projection). Writes go one at a time, in the order of their events.
 */
describe('a dossier whose commands arrive together', () => {
  it('writes their events one at a time, in order, each after the one before has been written', async () => {
    const log: string[] = [];
    const started = new Set<number>();
    let releaseFirstCommand!: () => void;
    const firstCommandHeld = new Promise<void>((r) => (releaseFirstCommand = r));
    const recordProgress = async ({ event }: ProgressRecord): Promise<number> => {
      started.add(event.seq);
      log.push(`start ${event.seq}:${event.type}`);
      // The first command's write holds its workflow task open while the next two arrive.
      if (event.seq === 2) await firstCommandHeld;
      // The next event's write, if it runs beside this one, starts meanwhile and ends first.
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
      activities: { recordProgress, recordAlert: async () => Date.now() },
    });
    const running = worker.run();
    try {
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
      await waitFor(async () => started.has(2), "the first command's write to start");
      // A calendar change and an assignment while the first command's task is open: both come in the next task.
      const replans = [
        handle.executeUpdate(commandUpdate, { args: [{ type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1, actor: 'calendar', by: CALENDAR_SYSTEM }] }),
        handle.executeUpdate(commandUpdate, { args: [{ type: 'assign', stepKey: 'review', assignee: 'chuyenvien' }] }),
      ];
      // Time for the server to take both in (an Update is admitted when it arrives).
      await new Promise((r) => setTimeout(r, 1_000));
      releaseFirstCommand();
      const [afterFirst, ...afterReplans] = await Promise.all([first, ...replans]);
      expect(afterFirst.currentStepKey).toBe('review');
      expect(afterReplans.map((v) => v.status)).toEqual(['processing', 'processing']);
      expect(afterReplans[1].steps.find((s) => s.key === 'review')?.assignee).toBe('chuyenvien');
      await maybeRecord(stack.client, code, 'dossier-v5-writes-in-order');

      // The last two in either order (they raced to the server), each written whole before the next.
      expect(log.map((l) => l.replace(/:.*/, ''))).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
      expect(log.filter((l) => l.startsWith('end')).map((l) => l.replace(/^end \d+:/, ''))).toEqual(['registered', 'step_completed', ...(log.includes('end 3:replanned') ? ['replanned', 'assigned'] : ['assigned', 'replanned'])]);
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  });
});
