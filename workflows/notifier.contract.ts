import { defineSignal } from '@temporalio/workflow';

export const NOTIFIER_WORKFLOW = 'notifierWorkflow';
export const DIGEST_WORKFLOW = 'dailyDigestWorkflow';

/** One notifier per task queue: it delivers the `notifications` outbox. */
export const notifierId = (taskQueue: string) => `notifier:${taskQueue}`;
/** The daily digest schedule of an agency, on a task queue. */
export const digestScheduleId = (taskQueue: string, agencyCode: string) => `digest:${taskQueue}:${agencyCode}`;

/** Wakes the notifier: something was written to the outbox (sent after the writer's commit). */
export const notifierWakeSignal = defineSignal('notifierWake');

export interface NotifierArgs {
  /** Notifications one round delivers at most (concurrently). */
  batch: number;
  /** Tries per delivery; the last failed one leaves the row `dead`. */
  maxAttempts: number;
  /** Rounds (or wake-ups) before the run continues as new. */
  roundsPerRun: number;
}

export interface DueNotifications {
  /** Ids of the notifications to deliver now, oldest first. */
  ids: string[];
  /** Epoch ms of the earliest deferred one (quiet hours), null if none waits. */
  next: number | null;
}

export interface NotifierActivities {
  dueNotifications(limit: number): Promise<DueNotifications>;
  /** Delivers one notification, idempotently (its id is the key): a row already sent, or being sent by another worker, is left alone. */
  deliverNotification(id: string, maxAttempts: number): Promise<'sent' | 'skipped'>;
}

export interface DigestActivities {
  /** Writes (and wakes the notifier for) the agency's digest of today, if today is a working day there. Answers how many notifications it wrote. */
  writeDailyDigest(agencyCode: string): Promise<number>;
}
