import nodemailer from 'nodemailer';
import type { Db } from '#db/client.server.ts';
import { devMailbox } from '#db/schema/index.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe on notification mail (SMTP only; the dev mailbox keeps none). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Where mail goes: 'smtp' or the development mailbox. */
  readonly transport: 'smtp' | 'dev-mailbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP when SMTP_URL is set; otherwise mail lands in the development mailbox (/dev/mail). */
export function createMailer(opts: { smtpUrl?: string; from: string; db: Db }): Mailer {
  if (opts.smtpUrl) {
    const transporter = nodemailer.createTransport(opts.smtpUrl);
    return {
      transport: 'smtp',
      async send(m) {
        await transporter.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      },
      close: () => transporter.close(),
    };
  }
  return {
    transport: 'dev-mailbox',
    async send(m) {
      await opts.db.insert(devMailbox).values({ to: m.to, subject: m.subject, text: m.text, html: m.html ?? null });
    },
    close: () => {},
  };
}

export const MAIL_JOB = 'mail.send';

/**
 * Mail leaves through the jobs table, in the caller's transaction: the write and
 * its mail stand or fall together, and an SMTP outage only delays delivery.
 */
export function enqueueMail(db: Db, message: MailMessage): Promise<number> {
  return enqueueJob(db, MAIL_JOB, { ...message });
}
