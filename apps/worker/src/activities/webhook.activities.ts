import { Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DataSource } from 'typeorm';
import { listenTo, type PgListener } from '../../../../libs/db/src/pg-listener';
import { assertPublicLiteral, BlockedAddressError, outboundAgents } from '../../../../libs/notify/src/outbound-guard';
import {
  WEBHOOK_BATCH, WEBHOOK_DELIVERIES_CHANNEL, WEBHOOK_DISPATCHER_WORKFLOW, webhookDispatcherId, webhookWakeSignal,
  type ClaimedBatch, type WebhookActivities, type WebhookDispatcherArgs,
} from '../../../../workflows/webhook.contract';

export interface WebhookSettings {
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
  concurrency: number;
  /** OUTBOUND_ALLOW_PRIVATE_NETWORKS: receivers on loopback, private and reserved addresses (libs/notify/src/outbound-guard). */
  allowPrivateNetworks: boolean;
}

/** The longest wait between two tries, however many failed. */
const MAX_BACKOFF_MS = 3_600_000;

interface Delivery {
  id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the X-Dossier-Flow-Signature header. */
export const webhookSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The dispatcher's arguments from the settings. */
export const dispatcherArgs = (s: WebhookSettings): WebhookDispatcherArgs => ({ concurrency: s.concurrency, timeoutMs: s.timeoutMs, claimsPerRun: 1000 });

/**
 * The dispatcher's activities. A claim leases a batch per webhook by moving its deliveries' next
 * try past the time the batch may take: a worker killed mid-send leaves them due again once the
 * lease ends, and the receiver may see the same X-Dossier-Flow-Delivery id twice — what the
 * idempotency key is for. A send counts a try when it makes it.
 */
export function createWebhookActivities(ds: DataSource, s: WebhookSettings): WebhookActivities {
  const logger = new Logger('Webhooks');
  const lease = WEBHOOK_BATCH * s.timeoutMs + 60_000;

  const agents = outboundAgents(s.allowPrivateNetworks, { keepAlive: true });

  /** One try: no error when the receiver answered 2xx. */
  async function post(d: Delivery): Promise<{ status?: number; error?: string }> {
    // The try's bound, and the activity's cancellation (a worker shutting down).
    const signal = AbortSignal.any([AbortSignal.timeout(s.timeoutMs), Context.current().cancellationSignal]);
    try {
      if (!s.allowPrivateNetworks) assertPublicLiteral(d.url);
      const https = d.url.startsWith('https:');
      const status = await new Promise<number>((resolve, reject) => {
        const req = (https ? httpsRequest : httpRequest)(d.url, {
          method: 'POST',
          agent: https ? agents.https : agents.http,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(d.body),
            'user-agent': 'dossier-flow-webhooks',
            'x-dossier-flow-event': d.event,
            'x-dossier-flow-delivery': d.id,
            'x-dossier-flow-signature': webhookSignature(d.secret, d.body),
          },
          signal,
        }, (res) => {
          // A redirect is not a success (node's client does not follow one): the subscription names the URL to call.
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(d.body);
      });
      return status >= 200 && status < 300 ? { status } : { status, error: `HTTP ${status}` };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.name === 'AbortError' && !Context.current().cancellationSignal.aborted) return { error: `no answer within ${s.timeoutMs} ms` };
      return { error: e instanceof BlockedAddressError ? e.message : (e.code ?? e.message) };
    }
  }

  return {
    async claimWebhookDeliveries(receivers: number, busy: string[]) {
      const rows: { webhook_id: string; ids: string[] }[] = await ds.query(
        `WITH due AS (
           SELECT id, webhook_id, next_attempt_at,
                  row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, created_at, id) AS n
             FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= now() AND webhook_id <> ALL ($2::uuid[])
         ), hooks AS (
           SELECT webhook_id FROM due WHERE n = 1 ORDER BY next_attempt_at LIMIT $1
         ), picked AS (
           SELECT d.id FROM webhook_deliveries d JOIN due ON due.id = d.id JOIN hooks h ON h.webhook_id = due.webhook_id
            WHERE due.n <= $3 FOR UPDATE OF d SKIP LOCKED
         ), leased AS (
           UPDATE webhook_deliveries d SET next_attempt_at = now() + $4 * interval '1 millisecond'
             FROM picked WHERE d.id = picked.id
           RETURNING d.id, d.webhook_id, d.created_at
         )
         SELECT webhook_id::text, array_agg(id::text ORDER BY created_at, id) AS ids FROM leased GROUP BY webhook_id`,
        [receivers, busy, WEBHOOK_BATCH, lease],
      );
      const taken = [...busy, ...rows.map((r) => r.webhook_id)];
      const [{ next }]: { next: Date | null }[] = await ds.query(
        `SELECT min(next_attempt_at) AS next FROM webhook_deliveries WHERE status = 'pending' AND webhook_id <> ALL ($1::uuid[])`,
        [taken],
      );
      return { batches: rows.map((r) => ({ webhookId: r.webhook_id, deliveryIds: r.ids })), next: next ? next.getTime() : null };
    },

    async sendWebhookDeliveries(batch: ClaimedBatch) {
      let delivered = 0;
      for (const [i, id] of batch.deliveryIds.entries()) {
        // Statements that return rows are SELECTs over their UPDATE: TypeORM answers an UPDATE with [rows, count].
        const [d]: Delivery[] = await ds.query(
          `WITH tried AS (
             UPDATE webhook_deliveries d SET attempts = d.attempts + 1 FROM webhooks w
              WHERE w.id = d.webhook_id AND d.id = $1 AND d.status = 'pending'
              RETURNING d.id, d.event, d.body, d.attempts, w.url, w.secret)
           SELECT * FROM tried`,
          [id],
        );
        // Delivered meanwhile (a retried activity that had sent it): nothing to do.
        if (!d) continue;
        const outcome = await post(d);
        Context.current().heartbeat();
        if (!outcome.error) {
          await ds.query(`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL WHERE id = $1`, [d.id, outcome.status]);
          delivered++;
          continue;
        }
        // The receiver fails: this delivery waits its backoff (or is dead), and the rest of the
        // batch, untried, waits as long.
        const backoff = Math.min(s.retryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
        const [row]: { status: string }[] = await ds.query(
          `WITH failed AS (
             UPDATE webhook_deliveries SET status = CASE WHEN attempts >= $2 THEN 'dead' ELSE 'pending' END,
               next_attempt_at = now() + $3 * interval '1 millisecond', last_status = $4, last_error = $5
             WHERE id = $1 RETURNING status)
           SELECT status FROM failed`,
          [d.id, s.maxAttempts, backoff, outcome.status ?? null, outcome.error.slice(0, 500)],
        );
        if (row?.status === 'dead') logger.warn({ delivery: d.id, event: d.event, attempts: d.attempts, error: outcome.error }, 'webhook delivery is dead after its last try');
        const rest = batch.deliveryIds.slice(i + 1);
        if (rest.length) await ds.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + $2 * interval '1 millisecond' WHERE id = ANY ($1::uuid[]) AND status = 'pending'`, [rest, backoff]);
        return { delivered, failed: 1 };
      }
      return { delivered, failed: 0 };
    },
  };
}

/**
 * Wakes the task queue's dispatcher, starting it if it does not run. Calls made while a signal is
 * on its way are folded into one more signal after it: a storm of deliveries costs a few signals.
 */
export function webhookWaker(client: Client, taskQueue: string, args: WebhookDispatcherArgs): { wake(): Promise<void> } {
  let inFlight: Promise<void> | undefined;
  let again = false;
  const signal = () =>
    client.workflow.signalWithStart(WEBHOOK_DISPATCHER_WORKFLOW, { workflowId: webhookDispatcherId(taskQueue), taskQueue, args: [args], signal: webhookWakeSignal, signalArgs: [] });
  return {
    wake() {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            await signal();
          } while (again);
        } finally {
          inFlight = undefined;
        }
      })();
      return inFlight;
    },
  };
}

/**
 * The worker's ear for committed deliveries: each NOTIFY on the channel (and each (re)connection,
 * to catch up on what was announced while nobody listened) wakes the dispatcher.
 */
export function listenForWebhooks(databaseUrl: string, waker: { wake(): Promise<void> }): Promise<PgListener> {
  const logger = new Logger('Webhooks');
  const wake = () => void waker.wake().catch((err: Error) => logger.warn({ err: err.message }, 'could not wake the webhook dispatcher; the keeper will'));
  return listenTo(databaseUrl, WEBHOOK_DELIVERIES_CHANNEL, { onNotify: wake, onListening: wake, onTrouble: (message) => logger.warn(message) });
}

/**
 * The keeper's part (every DEADLINE_CLOCK_KEEPER_SECONDS): a delivery due for longer than
 * `maxLagMs` means a lost wake-up or a dispatcher that does not run; wake (or start) it.
 */
export async function keepWebhooks(ds: DataSource, waker: { wake(): Promise<void> }, maxLagMs: number): Promise<boolean> {
  const [late] = await ds.query(`SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < now() - $1 * interval '1 millisecond' LIMIT 1`, [maxLagMs]);
  if (!late) return false;
  await waker.wake();
  return true;
}
