import { ActivityFailure, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { notifierWakeSignal, type DigestActivities, type NotifierActivities, type NotifierArgs } from './notifier.contract';

const { dueNotifications } = proxyActivities<NotifierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { writeDailyDigest } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The notifier: delivers the `notifications` outbox. Each round reads the notifications due now
 * and delivers them with one activity each (its idempotency key is the notification's id; a row
 * already `sent` is not sent again), then sleeps until a writer's signal after its commit or the
 * earliest deferred delivery (quiet hours) — no polling. The keeper's round (keepClocks) starts it
 * if it is not running and wakes it if a due notification waited too long (a lost signal).
 */
export async function notifierWorkflow(args: NotifierArgs): Promise<void> {
  const { deliverNotification } = proxyActivities<NotifierActivities>({
    // A worker killed mid-delivery: the try times out and another worker delivers it again.
    startToCloseTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: args.maxAttempts },
  });
  let woken = false;
  setHandler(notifierWakeSignal, () => {
    woken = true;
  });
  for (let round = 0; round < args.roundsPerRun && !workflowInfo().continueAsNewSuggested; round++) {
    woken = false;
    const { ids, next } = await dueNotifications(args.batch);
    // A delivery that failed its last try is `dead` in the outbox (GET /api/notifications); the round goes on.
    await Promise.all(ids.map((id) => deliverNotification(id, args.maxAttempts).catch((err: unknown) => {
      if (!(err instanceof ActivityFailure)) throw err;
    })));
    if (ids.length >= args.batch) continue;
    if (next === null) await condition(() => woken);
    else if (next > Date.now()) await condition(() => woken, next - Date.now());
  }
  await continueAsNew<typeof notifierWorkflow>(args);
}

/**
 * An agency's daily digest, started by its schedule at the opening of each weekday; the activity
 * checks the agency's calendar (a holiday, a swapped Saturday) and writes nothing on a day off.
 */
export async function dailyDigestWorkflow(agencyCode: string): Promise<number> {
  return writeDailyDigest(agencyCode);
}
