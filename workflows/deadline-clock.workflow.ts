import { condition, continueAsNew, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { wakeSignal, type ClockActivities } from './dossier.contract';

const { sweepDeadlines } = proxyLocalActivities<ClockActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * The deadline clock: one durable timer, always set on the earliest pending alarm of every open
 * dossier (the alarms live in PostgreSQL, written with each dossier's projection). When it fires,
 * one sweep records every alert due by then; a dossier that plans an earlier alarm wakes it with a
 * signal. A storm of deadlines thus costs one workflow task per wake-up, not one per deadline, and
 * no table is polled: the clock sleeps until the next deadline or a signal.
 *
 * `sweepsPerRun` bounds the history: the clock continues as new after that many sweeps.
 */
export async function deadlineClockWorkflow(sweepsPerRun = 1000): Promise<void> {
  let woken = false;
  setHandler(wakeSignal, () => {
    woken = true;
  });
  // Sweep up to now first: whatever came due while no clock ran (a new run, a restart).
  let upTo = Date.now();
  for (let sweeps = 0; sweeps < sweepsPerRun && !workflowInfo().continueAsNewSuggested; sweeps++) {
    woken = false;
    const { next, finishedAt } = await sweepDeadlines(upTo);
    if (next === null) {
      await condition(() => woken);
      upTo = Math.max(Date.now(), finishedAt);
      continue;
    }
    // Workflow time stands still while the local activity runs; its finish time is recorded in
    // history, so measuring the wait from it is deterministic and does not fire late.
    const wait = next - Math.max(Date.now(), finishedAt);
    if (wait > 0 && (await condition(() => woken, wait))) {
      upTo = Math.max(Date.now(), finishedAt);
      continue;
    }
    upTo = next;
  }
  // Signals that arrive now are not lost: the next run starts with a sweep.
  await continueAsNew<typeof deadlineClockWorkflow>(sweepsPerRun);
}
