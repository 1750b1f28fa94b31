import { createTransport, type Transporter } from 'nodemailer';
import type { Channel, OutgoingMessage } from '../channel';

export interface MailChannelOptions {
  /** smtp:// or smtps:// URL of the relay (the local Mailpit in `npm start` and the tests). */
  smtpUrl: string;
  from: string;
  /** The domain of the Message-ID (`<notification id>@<domain>`). */
  messageIdDomain?: string;
}

/**
 * E-mail over SMTP (nodemailer). The Message-ID is made from the notification's id, so a delivery
 * retried after a worker died between the relay's acceptance and the row's `sent` mark carries the
 * same Message-ID as the first: a receiver that drops duplicate ids (Mailpit with
 * --ignore-duplicate-ids, as the launcher starts it; many mail stores) shows it once.
 */
export function mailChannel({ smtpUrl, from, messageIdDomain = 'dossier-flow.local' }: MailChannelOptions): Channel & { close(): void } {
  const transport: Transporter = createTransport(smtpUrl);
  return {
    name: 'email',
    async send(message: OutgoingMessage) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${message.id}@${messageIdDomain}>`,
        headers: { 'X-Dossier-Flow-Notification': message.id, ...(message.tag ? { 'X-Dossier-Flow-Kind': message.tag } : {}) },
      });
    },
    close: () => transport.close(),
  };
}
