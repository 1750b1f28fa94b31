import { condition, continueAsNew, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { TIMER_LEAD_MS, wakeSignal, type ClockActivities, type ClockArgs, type KeeperActivities } from './dossier.contract';
import type { ReconcileActivities } from './reconcile.contract';

const { sweepDeadlines } = proxyLocalActivities<ClockActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

const { keepClocks, reconcileClosedDossiers } = proxyActivities<KeeperActivities & ReconcileActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * A deadline clock: one durable timer, always set on the earliest pending alarm of its shard (the
 * alarms live in PostgreSQL, written with each dossier's projection). When it fires, one sweep
 * records every alert of the shard due by then; a dossier that plans an earlier alarm wakes it with
 * a signal. A storm of deadlines thus costs one workflow task per wake-up, not one per deadline,
 * and no table is polled: the clock sleeps until the next deadline or a signal.
 *
 * The run continues as new after `sweepsPerRun` sweeps or `signalsPerRun` wake-ups (Temporal caps
 * a run's signals; past the cap every write that wakes the clock would fail), or when Temporal
 * suggests it. A clock of another shard set stops at its first sweep (`retire`).
 *
 * A number argument is a clock started before shards (v0.1.0): its sweep rings nothing and
 * retires it; the sharded clocks the workers start cover its alarms.
 */
export async function deadlineClockWorkflow(args: ClockArgs | number = 1000): Promise<void> {
  const sharded = typeof args === 'number' ? undefined : args;
  const sweepsPerRun = typeof args === 'number' ? args : args.sweepsPerRun;
  const signalsPerRun = sharded?.signalsPerRun ?? Infinity;
  let woken = false;
  let signals = 0;
  setHandler(wakeSignal, () => {
    woken = true;
    signals++;
  });
  const shard = sharded && { shard: sharded.shard, shards: sharded.shards };
  const sweep = (upTo: number) => (shard ? sweepDeadlines(upTo, shard) : sweepDeadlines(upTo));
  // Sweep up to now first: whatever came due while no clock ran (a new run, a restart).
  let upTo = Date.now();
  for (let sweeps = 0; sweeps < sweepsPerRun && signals < signalsPerRun && !workflowInfo().continueAsNewSuggested; sweeps++) {
    woken = false;
    const { next, finishedAt, retire } = await sweep(upTo);
    if (retire) return;
    if (next === null) {
      await condition(() => woken);
      upTo = Math.max(Date.now(), finishedAt);
      continue;
    }
    // Workflow time stands still while the local activity runs; its finish time is recorded in
    // history, so measuring the wait from it is deterministic.
    const wait = next - Math.max(Date.now(), finishedAt);
    // The timer still starts only when this task completes, and its own task then waits for a busy
    // worker: measured in a storm, the first sweep began 1.4 s after its instant. So the timer fires
    // TIMER_LEAD_MS early and the sweep, given `next`, waits for that instant itself (patched: a
    // released clock's history has the plain timer).
    const lead = wait > TIMER_LEAD_MS && patched('clock-timer-lead') ? TIMER_LEAD_MS : 0;
    if (wait > 0 && (await condition(() => woken, wait - lead))) {
      upTo = Math.max(Date.now(), finishedAt);
      continue;
    }
    upTo = next;
  }
  // Signals that arrive now are not lost: the next run starts with a sweep.
  await continueAsNew<typeof deadlineClockWorkflow>(args);
}

/**
 * What the keeper schedule (`clockKeeperId`) runs every DEADLINE_CLOCK_KEEPER_SECONDS: starts every
 * clock of the workers' shard set that is not running and wakes a lagging one, and reconciles the
 * dossier workflows that closed outside the API (terminated, timed out, reset) so that none leaves
 * an alarm ringing. Both idempotent, each independent of the other's failure; the schedule skips a
 * round while the previous one still runs.
 */
export async function clockKeeperWorkflow(): Promise<void> {
  const results = await Promise.allSettled([keepClocks(), reconcileClosedDossiers()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
