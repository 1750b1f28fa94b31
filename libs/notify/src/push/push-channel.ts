import type { Agent } from 'node:https';
import { sendNotification, WebPushError } from 'web-push';
import type { Channel, OutgoingMessage } from '../channel';
import { assertPublicLiteral, outboundAgents } from '../outbound-guard';
import { loadOrCreateVapidKeys, type Queryable, type VapidKeys } from './vapid-keys';

export interface PushChannelOptions {
  db: Queryable;
  /** VAPID `sub` claim: a mailto: or https: contact for the push services' operators (VAPID_SUBJECT). */
  subject: string;
  /** How long a push service keeps an undelivered message for an offline browser; an alert older than a day is stale. */
  ttlSeconds?: number;
  /** Bound on one request to a push service. */
  timeoutMs?: number;
  /**
   * Endpoints on loopback, private or reserved addresses (OUTBOUND_ALLOW_PRIVATE_NETWORKS): a
   * subscription is any user's URL, so by default only public push services are reached.
   */
  allowPrivateNetworks?: boolean;
  /** TLS settings for the push services (tests pass one trusting their local endpoint's certificate; it is then not guarded). */
  agent?: Agent;
}

/** What the service worker (apps/web/public/sw.js) reads from a push. */
export interface PushPayload {
  id: string;
  title: string;
  body: string;
  url?: string;
  tag: string;
}

interface SubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * A push message must fit in 4 KB once encrypted (RFC 8291 §4): title and text are cut well before
 * that (Vietnamese letters take up to 3 bytes in UTF-8).
 */
const MAX_TITLE = 200;
const MAX_BODY = 1000;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The push service answers these for a subscription that no longer exists (RFC 8030 §7.3, and 404 in practice). */
const GONE = new Set([404, 410]);

export function pushPayload(message: OutgoingMessage): PushPayload {
  // The notification's tag is its id: a second delivery of the same notification replaces the first
  // on screen instead of adding to it, while two alerts (even of one kind, `message.tag`) both stay.
  return { id: message.id, title: cut(message.subject, MAX_TITLE), body: cut(message.text, MAX_BODY), url: message.url, tag: message.id };
}

/**
 * Browser push (Web Push, RFC 8030/8291/8292) through the maintained `web-push` package. `to` is a
 * username; the message goes to every browser that user registered. A subscription the push service
 * says is gone (404/410) is deleted. Any other failure throws after every browser was tried, so the
 * dispatcher retries; browsers already reached (recorded in push_deliveries under the message's id)
 * are skipped on the retry.
 */
export function pushChannel(options: PushChannelOptions): Channel {
  const { db, subject, ttlSeconds = 86_400, timeoutMs = 10_000, allowPrivateNetworks = false } = options;
  const agent = options.agent ?? outboundAgents(allowPrivateNetworks).https;
  let keys: Promise<VapidKeys> | undefined;
  const vapid = () => (keys ??= loadOrCreateVapidKeys(db).catch((err: unknown) => {
    keys = undefined;
    throw err;
  }));

  return {
    name: 'push',
    async send(message: OutgoingMessage): Promise<void> {
      const { publicKey, privateKey } = await vapid();
      const subscriptions = (await db.query(
        `SELECT s.id::text AS id, s.endpoint, s.p256dh, s.auth FROM push_subscriptions s
          WHERE s.username = $1 AND NOT EXISTS (SELECT 1 FROM push_deliveries d WHERE d.notification_id = $2 AND d.subscription_id = s.id)
          ORDER BY s.id`,
        [message.to, message.id],
      )) as SubscriptionRow[];
      const payload = JSON.stringify(pushPayload(message));
      const failures: string[] = [];
      for (const s of subscriptions) {
        try {
          if (!allowPrivateNetworks) assertPublicLiteral(s.endpoint);
          await sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
            vapidDetails: { subject, publicKey, privateKey },
            TTL: ttlSeconds,
            urgency: 'high',
            timeout: timeoutMs,
            agent,
          });
          await db.query(`INSERT INTO push_deliveries (notification_id, subscription_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [message.id, s.id]);
        } catch (err) {
          if (err instanceof WebPushError && GONE.has(err.statusCode)) {
            await db.query(`DELETE FROM push_subscriptions WHERE id = $1`, [s.id]);
            continue;
          }
          failures.push(`${originOf(s.endpoint)}: ${err instanceof WebPushError ? `${err.statusCode} ${err.body}`.trim() : (err as Error).message}`);
        }
      }
      if (failures.length) throw new Error(`push to ${message.to}: ${failures.length} of ${subscriptions.length} browser(s) failed: ${failures.join('; ')}`);
    },
  };
}

/** The push service, without the endpoint's path (the subscription's capability) in error texts and logs. */
function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'invalid endpoint';
  }
}
