// Workflows for the bare-engine baselines: they do nothing of their own, so what a client measures
// against them is the engine's own cost (persisting the start, timers, dispatching and completing a task).
import { allHandlersFinished, condition, defineUpdate, proxySinks, setHandler, sleep, type Sinks } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<string>('ping');

export interface BareSinks extends Sinks {
  bare: { completed(): void };
}

const { bare } = proxySinks<BareSinks>();

/**
 * Target of the plain `workflow.start` baseline. Its only act is to report that it ran, so the
 * bench can wait until the worker has caught up with the starts before it measures anything else.
 */
export async function emptyWorkflow(): Promise<void> {
  bare.completed();
}

/** Target of the update-with-start baseline: same round-trip shape as intake, no application work. */
export async function emptyUpdateWorkflow(): Promise<void> {
  setHandler(pingUpdate, () => 'pong');
  await condition(allHandlersFinished);
}

export interface AlarmSinks extends Sinks {
  alarms: { fired(due: number): void };
}

const { alarms } = proxySinks<AlarmSinks>();

/**
 * Target of the deadline-storm baseline: one durable timer per deadline (epoch ms), and a workflow
 * task when it fires that only reports through a sink (no activity, no history event of its own) —
 * the engine's floor for "a timer fires and a worker acts on it", without projection or alert write.
 */
export async function alarmWorkflow(dues: number[]): Promise<void> {
  for (const due of dues) {
    await sleep(Math.max(1, due - Date.now()));
    alarms.fired(due);
  }
  // Stays open like a dossier after its alarms (closing a workflow is extra engine work that the
  // storm's dossiers do not do); the run timeout given at start ends it long after the measurement.
  if (dues.length) await condition(() => false);
}
