import type { AppConfig } from '../../../libs/config/src';
import type { Channel } from '../../../libs/notify/src/channel';
import { mailChannel } from '../../../libs/notify/src/mail/mail-channel';
import { pushChannel, type Queryable } from '../../../libs/notify/src/push';
import { smsChannel } from '../../../libs/notify/src/sms';

/**
 * The channels this worker delivers notifications through, by name (the `channel` of a
 * `notifications` row). 'email' is always registered: without SMTP_URL each mail fails visibly
 * (`failed`, then `dead`, in GET /api/notifications) rather than being dropped. 'push' sends to the
 * browsers the user registered (push_subscriptions, read through `db`), signed with the VAPID key kept
 * in the database.
 */
export function notificationChannels(config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_FROM' | 'VAPID_SUBJECT' | 'SMS_URL' | 'OUTBOUND_ALLOW_PRIVATE_NETWORKS'>, db: Queryable): { channels: Map<string, Channel>; close(): void } {
  const channels = new Map<string, Channel>();
  const mail = config.SMTP_URL ? mailChannel({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }) : undefined;
  channels.set('email', mail ?? { name: 'email', send: () => Promise.reject(new Error('SMTP_URL is not set on the worker: no mail relay')) });
  channels.set('push', pushChannel({ db, subject: config.VAPID_SUBJECT, allowPrivateNetworks: config.OUTBOUND_ALLOW_PRIVATE_NETWORKS }));
  // 'sms' only with SMS_URL: without it the citizens' notices write no SMS (libs/notify/src/citizen).
  const sms = smsChannel(config.SMS_URL);
  if (sms) channels.set('sms', sms);
  return { channels, close: () => mail?.close() };
}
