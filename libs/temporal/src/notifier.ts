import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../config/src';
import { NOTIFIER_WORKFLOW, notifierId, notifierWakeSignal, type NotifierArgs } from '../../../workflows/notifier.contract';

export const notifierArgs = (config: Pick<AppConfig, 'NOTIFY_BATCH' | 'NOTIFY_MAX_ATTEMPTS'>): NotifierArgs => ({
  batch: config.NOTIFY_BATCH, maxAttempts: config.NOTIFY_MAX_ATTEMPTS, roundsPerRun: 500,
});

/**
 * Wakes the task queue's notifier, starting it if it does not run. Whoever writes to the
 * `notifications` outbox calls it after the commit; a lost wake-up is caught by the keeper's round.
 */
export function notifierSignal(client: Client, config: Pick<AppConfig, 'TEMPORAL_TASK_QUEUE' | 'NOTIFY_BATCH' | 'NOTIFY_MAX_ATTEMPTS'>): () => Promise<void> {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  return async () => {
    await client.workflow.signalWithStart(NOTIFIER_WORKFLOW, { workflowId: notifierId(taskQueue), taskQueue, signal: notifierWakeSignal, args: [notifierArgs(config)] });
  };
}
