import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { AppConfig } from '../../config/src';
import type { ClockSet } from '../../db/src/deadline-clock';
import {
  commandUpdate, DEADLINE_CLOCK_WORKFLOW, deadlineClockId, registerUpdate, wakeSignal,
  type ClockArgs, type ClockShard, type CommandInput, type DossierView,
} from '../../../workflows/dossier.contract';

/**
 * Client calls on the dossier and clock workflows that the API and the worker both make, so both
 * make them the same way.
 */

/** What the command validator answers until the workflow's first task registered the dossier. */
export const NOT_REGISTERED_YET = 'dossier is not registered yet';

/**
 * The deadline clocks of the configured task queue and shard count, as the API and the worker both
 * address them: `signal` wakes a shard's clock, starting it if none runs (an idempotent start),
 * which is what a projection writer does after planning an alarm earlier than the clock's timer.
 */
export function deadlineClocks(client: Client, config: AppConfig): ClockSet & { args(shard: ClockShard): ClockArgs; all(): ClockShard[] } {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const shards = config.DEADLINE_CLOCK_SHARDS;
  const args = (s: ClockShard): ClockArgs => ({ ...s, sweepsPerRun: config.DEADLINE_CLOCK_SWEEPS_PER_RUN, signalsPerRun: config.DEADLINE_CLOCK_SIGNALS_PER_RUN });
  return {
    shards,
    args,
    all: () => Array.from({ length: shards }, (_, shard) => ({ shard, shards })),
    clockId: (s) => deadlineClockId(taskQueue, s),
    signal: (s) => client.workflow.signalWithStart(DEADLINE_CLOCK_WORKFLOW, { workflowId: deadlineClockId(taskQueue, s), taskQueue, signal: wakeSignal, args: [args(s)] }),
  };
}

/**
 * Sends a command (the `command` Update) to a dossier's workflow. A dossier registered with a plain
 * start (INTAKE_MODE=start) is readable, and can be commanded, before its workflow ran its first
 * task, whose validator then refuses with NOT_REGISTERED_YET: the command waits for that task
 * through the `register` Update (no validator; it answers once the dossier is registered, and its
 * fixed id makes concurrent waiters one Update) and is sent once more. No timer: the wait is the
 * worker's, bounded by the caller's deadline or abort signal like any Temporal call.
 */
export async function executeDossierCommand(client: Client, code: string, command: CommandInput): Promise<DossierView> {
  const handle = client.workflow.getHandle(code);
  try {
    return await handle.executeUpdate(commandUpdate, { args: [command] });
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError && err.cause?.message === NOT_REGISTERED_YET)) throw err;
    await handle.executeUpdate(registerUpdate, { updateId: 'register' });
    return handle.executeUpdate(commandUpdate, { args: [command] });
  }
}
