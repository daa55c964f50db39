import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '../config/app-config';
import { InvitationMethod } from './outbox-message.entity';

/** One outbox message, ready to go. */
export interface OutgoingMail {
  id: string;
  createdAt: Date;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  ics: { method: InvitationMethod; content: string } | null;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Where mail goes: an SMTP server, or `.eml` files when there is none. */
export interface MailTransport {
  /** Resolves once the server accepted the message (or the file is written); throws otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

// Bounded so that one send always ends well inside the worker's claim on a message
// (OutboxWorker.CLAIM_SECONDS); nodemailer's own socket timeout is ten minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function createMailTransport(config: AppConfig): MailTransport {
  const compose = composer(config.mailFrom);
  if (config.smtpUrl) {
    const transporter = createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: 2,
      ...SMTP_TIMEOUTS,
    });
    return {
      send: async (mail) => {
        await transporter.sendMail(compose(mail));
      },
      close: () => transporter.close(),
    };
  }
  return folderTransport(join(config.dataDir, 'mail'), compose);
}

/**
 * Without SMTP_URL every mail is written to `<DATA_DIR>/mail/` as an `.eml` file, which any
 * mail program opens. The name comes from the message, so sending it again replaces the
 * file instead of adding a second one; it appears complete or not at all (write, then rename).
 */
function folderTransport(folder: string, compose: (mail: OutgoingMail) => Mail.Options) {
  const builder = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    send: async (mail: OutgoingMail) => {
      const built = await builder.sendMail(compose(mail));
      mkdirSync(folder, { recursive: true });
      const stamp = mail.createdAt
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const file = join(folder, `${stamp}-${mail.id}.eml`);
      writeFileSync(`${file}.tmp`, built.message as Buffer);
      renameSync(`${file}.tmp`, file);
    },
    close: () => builder.close(),
  };
}

function composer(mailFrom: string): (mail: OutgoingMail) => Mail.Options {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'localhost';
  return (mail) => ({
    from: mailFrom,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // Stable per outbox row: if a crash makes the worker send a message twice, the copies
    // share their Message-ID, by which mail programs recognise them as one.
    messageId: `<${mail.id}@${domain}>`,
    headers: {
      // RFC 3834: no vacation replies or other auto-answers to these.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    },
    icalEvent: mail.ics
      ? {
          method: mail.ics.method,
          content: mail.ics.content,
          filename: mail.ics.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        }
      : undefined,
  });
}
