import { Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { listenTo, type PgListener } from '../../../../libs/db/src';
import type { Channel } from '../../../../libs/notify/src/channel';
import { deliverNotification, dueNotifications } from '../../../../libs/notify/src/dispatcher';
import { notifierId, type NotifierActivities } from '../../../../workflows/notifier.contract';

/** The notifier's activities over the worker's channels (by name: 'email', and 'push', 'sms' when configured). */
export function createNotifierActivities(ds: DataSource, channels: ReadonlyMap<string, Channel>): NotifierActivities {
  return {
    dueNotifications: (limit) => dueNotifications(ds, limit),
    deliverNotification: (id, maxAttempts) => deliverNotification(ds, channels, id, Context.current().info.attempt, maxAttempts),
  };
}

/**
 * The keeper's safety net for the notifier (called in each keeper round): starts it if it does not
 * run, and wakes it if a notification due for more than `maxWaitMs` is still waiting (a writer died
 * between its commit and its signal).
 */
export function createNotifierKeeper(ds: DataSource, client: Client, taskQueue: string, wake: () => Promise<void>, maxWaitMs: number): () => Promise<'started' | 'woken' | 'ok'> {
  const logger = new Logger('NotifierKeeper');
  return async () => {
    const running = await client.workflow
      .getHandle(notifierId(taskQueue))
      .describe()
      .then((d) => d.status.name === 'RUNNING', (err: unknown) => (err instanceof WorkflowNotFoundError ? false : true));
    if (!running) {
      await wake();
      logger.log({ notifier: notifierId(taskQueue) }, 'notifier started');
      return 'started';
    }
    const [{ waiting }]: { waiting: boolean }[] = await ds.query(
      `SELECT EXISTS (SELECT 1 FROM notifications WHERE status = 'pending' AND not_before < now() - make_interval(secs => $1)) AS waiting`,
      [maxWaitMs / 1000],
    );
    if (!waiting) return 'ok';
    await wake();
    logger.warn({ notifier: notifierId(taskQueue) }, 'a notification waited too long: woke the notifier');
    return 'woken';
  };
}

/** The NOTIFY channel the outbox's trigger announces pending notifications on (Notifications1766102400000). */
export const NOTIFICATIONS_CHANNEL = 'notifications';

/**
 * Wakes the notifier on each announcement after a commit, and once at every (re)LISTEN — what was
 * announced while nobody listened. Announcements that arrive while a wake-up is on its way are
 * folded into one more.
 */
export function listenForNotifications(databaseUrl: string, wake: () => Promise<void>): Promise<PgListener> {
  const logger = new Logger('Notifier');
  let inFlight = false;
  let again = false;
  const nudge = (): void => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    void wake()
      .catch((err: Error) => logger.warn({ err: err.message }, 'could not wake the notifier; the keeper will'))
      .finally(() => {
        inFlight = false;
        if (again) nudge();
      });
  };
  return listenTo(databaseUrl, NOTIFICATIONS_CHANNEL, { onNotify: nudge, onListening: nudge, onTrouble: (message) => logger.warn(message) });
}
