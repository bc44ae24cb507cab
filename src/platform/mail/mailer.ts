import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/index.js';

/** One e-mail: plain text, since reminders point to the node rather than carry the case. */
export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** Sends e-mail; a node without an SMTP relay has none, and sends nothing. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The configured relay through nodemailer, or null when SALUS_SMTP_URL is not set. */
export function createMailer(config: MailConfig): Mailer | null {
  if (config.smtpUrl === null) return null;
  const transport = createTransport(config.smtpUrl, { from: config.from });
  return {
    async send(message) {
      if (message.to.length === 0) return;
      await transport.sendMail({ to: [...message.to], subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
