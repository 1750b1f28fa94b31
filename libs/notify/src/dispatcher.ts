import type { DataSource } from 'typeorm';
import type { Channel } from './channel';

export interface NotificationRow {
  id: string;
  channel: string;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  html: string | null;
  url: string | null;
}

export type DeliveryResult = 'sent' | 'skipped';

/** Delivery failed; the row says so (`failed`, or `dead` after the last try). */
export class DeliveryError extends Error {}

/** The notifications due now (oldest first, at most `limit`) and the instant of the earliest deferred one. */
export async function dueNotifications(ds: DataSource, limit: number): Promise<{ ids: string[]; next: number | null }> {
  const rows: { id: string }[] = await ds.query(
    `SELECT id FROM notifications WHERE status IN ('pending', 'failed') AND not_before <= now() ORDER BY not_before, created_at LIMIT $1`,
    [limit],
  );
  const [{ next }]: { next: Date | null }[] = await ds.query(
    `SELECT min(not_before) AS next FROM notifications WHERE status IN ('pending', 'failed') AND not_before > now()`,
  );
  return { ids: rows.map((r) => r.id), next: next ? next.getTime() : null };
}

/**
 * Delivers one notification through the channel its row names. The row is locked (SKIP LOCKED)
 * for the send and marked `sent` in the same transaction: a second delivery of the same id — a
 * retry, another notifier — finds it sent or locked and sends nothing; a worker killed mid-send
 * drops its connection, the lock goes with it and the row stays pending for the retry (which sends
 * it with the same id: the mail's Message-ID). A failed send records the error and the try
 * (`failed`; `dead` when `attempt` is the last) and throws, so the activity is retried.
 */
export async function deliverNotification(ds: DataSource, channels: ReadonlyMap<string, Channel>, id: string, attempt: number, maxAttempts: number): Promise<DeliveryResult> {
  let failure: string | undefined;
  const result = await ds.transaction(async (m) => {
    const [row]: NotificationRow[] = await m.query(
      `SELECT id, channel, recipient, kind, subject, body, html, url FROM notifications
        WHERE id = $1 AND status IN ('pending', 'failed') FOR UPDATE SKIP LOCKED`,
      [id],
    );
    if (!row) return 'skipped' as const;
    const channel = channels.get(row.channel);
    try {
      if (!channel) throw new DeliveryError(`no channel '${row.channel}' is configured on this worker`);
      await channel.send({
        id: row.id, channel: row.channel, to: row.recipient, subject: row.subject, text: row.body,
        ...(row.html ? { html: row.html } : {}), ...(row.url ? { url: row.url } : {}), tag: row.kind,
      });
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
      await m.query(
        `UPDATE notifications SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
        [id, attempt >= maxAttempts ? 'dead' : 'failed', failure.slice(0, 2000)],
      );
      return 'failed' as const;
    }
    await m.query(`UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1`, [id]);
    return 'sent' as const;
  });
  if (result === 'failed') throw new DeliveryError(failure);
  return result;
}
