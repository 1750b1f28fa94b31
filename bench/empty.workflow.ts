// Workflows for the bare-engine baseline: they do nothing, so what a client measures against
// them is the engine's own cost (persisting the start, dispatching and completing a task).
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<string>('ping');

/** Target of the plain `workflow.start` baseline. */
export async function emptyWorkflow(): Promise<void> {}

/** Target of the update-with-start baseline: same round-trip shape as intake, no application work. */
export async function emptyUpdateWorkflow(): Promise<void> {
  setHandler(pingUpdate, () => 'pong');
  await condition(allHandlersFinished);
}
