import { defineSignal } from '@temporalio/workflow';

/** The webhook dispatcher of a task queue (`webhookDispatcherWorkflow`): one per queue. */
export const WEBHOOK_DISPATCHER_WORKFLOW = 'webhookDispatcherWorkflow';
export const webhookDispatcherId = (taskQueue: string) => `webhook-dispatcher:${taskQueue}`;
/** Sent after a delivery committed (the worker's listener) or by the keeper: send what is due. */
export const webhookWakeSignal = defineSignal('webhookWake');
/** The PostgreSQL channel a committed delivery is announced on (the triggers of migration Webhooks1766188800000, a redelivery). */
export const WEBHOOK_DELIVERIES_CHANNEL = 'webhook_deliveries';
/** Deliveries of one webhook one send activity takes at most, in order. */
export const WEBHOOK_BATCH = 20;

export interface WebhookDispatcherArgs {
  /** Receivers sent to at once (WEBHOOK_CONCURRENCY): one send activity each. */
  concurrency: number;
  /** Bound on one try (WEBHOOK_TIMEOUT_MS): the send activity's timeouts follow from it. */
  timeoutMs: number;
  /** The run continues as new after this many claims (its sends finished first). */
  claimsPerRun: number;
}

/** Due deliveries of one webhook, leased to one send activity. */
export interface ClaimedBatch {
  webhookId: string;
  deliveryIds: string[];
}

export interface WebhookClaim {
  batches: ClaimedBatch[];
  /** When the earliest pending delivery of a webhook not being sent to is due (ms), null: none. */
  next: number | null;
}

export interface WebhookActivities {
  /**
   * Leases up to `receivers` batches of due deliveries, one batch per webhook and none of the
   * webhooks in `busy` (being sent to): a receiver gets one request at a time.
   */
  claimWebhookDeliveries(receivers: number, busy: string[]): Promise<WebhookClaim>;
  /**
   * Tries each delivery of the batch in order and records its outcome: delivered; or, at the first
   * failure, its next try after an exponential backoff (dead after the last) and the rest of the
   * batch waiting as long, untried.
   */
  sendWebhookDeliveries(batch: ClaimedBatch): Promise<{ delivered: number; failed: number }>;
}
