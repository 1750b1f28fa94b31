import { condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { WEBHOOK_BATCH, webhookWakeSignal, type WebhookActivities, type WebhookDispatcherArgs } from './webhook.contract';

const { claimWebhookDeliveries } = proxyLocalActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * Sends webhook deliveries (issue 20 item 5). The deliveries live in PostgreSQL, written by
 * triggers with their events; a committed one wakes this workflow with a signal (the worker
 * listens for their NOTIFY), and the keeper schedule wakes it too if a due delivery waits. It
 * sleeps until the earliest retry is due, a signal comes or a send finishes: no polling.
 *
 * Each receiver has at most one send activity at a time (a batch of its deliveries, in order), and
 * at most `concurrency` receivers are sent to at once: a receiver that hangs holds its own batch
 * for one timeout and delays nobody else's, and none of this shares a slot with intake or the
 * deadline clock beyond one activity per receiver.
 */
export async function webhookDispatcherWorkflow(args: WebhookDispatcherArgs): Promise<void> {
  const { sendWebhookDeliveries } = proxyActivities<WebhookActivities>({
    // Each try is bounded by timeoutMs; a batch stops at its first failure.
    startToCloseTimeout: WEBHOOK_BATCH * args.timeoutMs + 60_000,
    heartbeatTimeout: args.timeoutMs + 30_000,
    // Past these the batch's lease runs out and a later claim takes it again.
    retry: { initialInterval: '1 second', maximumAttempts: 3 },
  });
  const sending = new Map<string, Promise<void>>();
  let woken = true;
  let next: number | null = null;
  let claims = 0;
  setHandler(webhookWakeSignal, () => {
    woken = true;
  });
  while (claims < args.claimsPerRun && !workflowInfo().continueAsNewSuggested) {
    const due = woken || (next !== null && next <= Date.now());
    if (due && sending.size < args.concurrency) {
      woken = false;
      const claim = await claimWebhookDeliveries(args.concurrency - sending.size, [...sending.keys()]);
      claims++;
      next = claim.next;
      // Due but not taken (locked by a redelivery being written): look again in a second, not at once.
      if (!claim.batches.length && next !== null && next <= Date.now()) next = Date.now() + 1000;
      for (const batch of claim.batches) {
        const sent = sendWebhookDeliveries(batch).then(
          () => undefined,
          () => undefined,
        );
        sending.set(batch.webhookId, sent);
        void sent.then(() => {
          sending.delete(batch.webhookId);
          woken = true;
        });
      }
      continue;
    }
    if (due) {
      // Every slot is busy: wait for a send to finish (that frees a slot). Waiting on \`woken\` here
      // would spin, since it is already true: a loop that never yields, which the SDK kills.
      await condition(() => sending.size < args.concurrency);
      continue;
    }
    // Not due: the next retry is later (or none is pending); a signal or a finished send wakes it.
    if (next === null) await condition(() => woken);
    else await condition(() => woken, next - Date.now());
  }
  // Sends finish before the run ends; a signal meanwhile is not lost: the next run starts with a claim.
  await condition(() => sending.size === 0);
  await continueAsNew<typeof webhookDispatcherWorkflow>(args);
}
