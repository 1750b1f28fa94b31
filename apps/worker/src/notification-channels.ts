import type { AppConfig } from '../../../libs/config/src';
import type { Channel } from '../../../libs/notify/src/channel';
import { mailChannel } from '../../../libs/notify/src/mail/mail-channel';

/**
 * The channels this worker delivers notifications through, by name (the `channel` of a
 * `notifications` row). 'email' is always registered: without SMTP_URL each mail fails visibly
 * (`failed`, then `dead`, in GET /api/notifications) rather than being dropped.
 */
export function notificationChannels(config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_FROM'>): { channels: Map<string, Channel>; close(): void } {
  const channels = new Map<string, Channel>();
  const mail = config.SMTP_URL ? mailChannel({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }) : undefined;
  channels.set('email', mail ?? { name: 'email', send: () => Promise.reject(new Error('SMTP_URL is not set on the worker: no mail relay')) });
  return { channels, close: () => mail?.close() };
}
