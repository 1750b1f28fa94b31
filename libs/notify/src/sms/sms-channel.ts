import type { Channel, OutgoingMessage } from '../channel';

/** What a provider is sent: the notification's id (its idempotency key), the phone number and the text. */
export interface SmsRequest {
  id: string;
  to: string;
  text: string;
}

export interface SmsChannelOptions {
  /** Bound on one request to the provider. */
  timeoutMs?: number;
  /** Where `log:` writes each SMS (default: the console's log). */
  log?: (line: string, sms: SmsRequest) => void;
}

/**
 * The SMS channel: one adapter, configured by SMS_URL. `http(s)://…`: a generic HTTP gateway,
 * POSTed `{id, to, text}` as JSON with `Idempotency-Key: <id>` (a retried delivery carries the
 * same key, so a provider that honours it sends once); any answer other than 2xx is a failed try.
 * `log:`: each SMS is written to the log and counts as sent (development without a provider).
 * Unset: no channel (the writer of citizens' notices writes no SMS then).
 * A provider with another API fits behind this by a small relay speaking this request.
 */
export function smsChannel(url: string | undefined, o: SmsChannelOptions = {}): Channel | undefined {
  if (!url) return undefined;
  const request = (m: OutgoingMessage): SmsRequest => ({ id: m.id, to: m.to, text: m.text });
  if (url.startsWith('log:')) {
    const log = o.log ?? ((line: string) => console.log(line));
    return { name: 'sms', send: async (m) => log(`SMS to ${m.to}: ${m.text}`, request(m)) };
  }
  if (!/^https?:\/\//.test(url)) throw new Error(`SMS_URL must be an http(s):// URL or log:, got ${JSON.stringify(url)}`);
  const timeoutMs = o.timeoutMs ?? 10_000;
  return {
    name: 'sms',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.id },
        body: JSON.stringify(request(m)),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The answer's body is not needed; reading it frees the connection.
      const answer = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`SMS provider answered ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
    },
  };
}
