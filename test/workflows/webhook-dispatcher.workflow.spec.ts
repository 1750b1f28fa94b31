import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { webhookWakeSignal, type ClaimedBatch, type WebhookActivities, type WebhookClaim } from '../../workflows/webhook.contract';
import type { webhookDispatcherWorkflow } from '../../workflows/webhook-dispatcher.workflow';
import { maybeRecord } from '../support/replay';
import { testConfig, waitFor } from '../support/stack';

jest.setTimeout(60_000);

/**
 * The dispatcher's loop with its activities replaced: what it claims and when it waits. The sends
 * block until the test lets them finish, so "every slot busy" is a state the test holds, not a race.
 */
describe('webhook dispatcher workflow', () => {
  let client: Client;
  let connection: NativeConnection;
  let taskQueue: string;
  let namespace: string;

  beforeAll(async () => {
    const config = await testConfig();
    taskQueue = config.TEMPORAL_TASK_QUEUE;
    namespace = config.TEMPORAL_NAMESPACE;
    connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS! });
    client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS! }), namespace });
  });
  afterAll(async () => {
    await client?.connection.close();
    await connection?.close();
  });

  it('waits for a free slot when a signal comes while every slot is busy, then claims again (no busy loop)', async () => {
    const claims: { receivers: number; busy: string[] }[] = [];
    const sends: ClaimedBatch[] = [];
    let finishSend!: () => void;
    const sendFinished = new Promise<void>((resolve) => (finishSend = resolve));
    const activities: WebhookActivities = {
      async claimWebhookDeliveries(receivers, busy): Promise<WebhookClaim> {
        claims.push({ receivers, busy });
        if (claims.length > 1) return { batches: [], next: null };
        return { batches: [{ webhookId: 'w1', deliveryIds: ['d1', 'd2'] }], next: null };
      },
      async sendWebhookDeliveries(batch) {
        sends.push(batch);
        await sendFinished;
        return { delivered: batch.deliveryIds.length, failed: 0 };
      },
    };
    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue,
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
      activities,
    });
    await worker.runUntil(async () => {
      const workflowId = `webhook-dispatcher-test-${Date.now()}`;
      const handle = await client.workflow.start<typeof webhookDispatcherWorkflow>('webhookDispatcherWorkflow', {
        workflowId,
        taskQueue,
        args: [{ concurrency: 1, timeoutMs: 5_000, claimsPerRun: 2 }],
      });
      await waitFor(async () => sends.length === 1, 'the first batch being sent');
      // The one slot is busy: these wake-ups must park the loop until the send finishes.
      for (let i = 0; i < 3; i++) await handle.signal(webhookWakeSignal);
      await waitFor(async () => {
        const history = await handle.fetchHistory();
        return history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length === 3 &&
          history.events!.at(-1)!.workflowTaskCompletedEventAttributes;
      }, 'the signals handled by a completed workflow task');
      expect(claims).toHaveLength(1);
      finishSend();
      // The finished send frees the slot and the pending wake-up claims again; then the run continues as new.
      const first = await handle.describe();
      await waitFor(async () => (await handle.describe()).runId !== first.runId, 'the run continued as new');
      // (The new run claims at once too: only this run's two claims are checked.)
      expect(claims.slice(0, 2)).toEqual([
        { receivers: 1, busy: [] },
        { receivers: 1, busy: [] },
      ]);
      expect(sends).toEqual([{ webhookId: 'w1', deliveryIds: ['d1', 'd2'] }]);
      const history = await client.workflow.getHandle(workflowId, first.runId).fetchHistory();
      // A loop that never yields fails its workflow task (the SDK's deadlock detector): none did.
      expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
      await maybeRecord(client, { workflowId, runId: first.runId }, 'webhook-dispatcher-v1');
      await handle.terminate('test over');
    });
  });
});
