import { createTransport, type Transporter } from 'nodemailer';
import type { Env } from '../../env';

interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends plain-text mails through the configured SMTP server; null when SMTP_URL is unset (no mail at all). */
export interface Mailer {
  send(m: MailMessage): Promise<void>;
  /** The address links in mails start with (PUBLIC_URL, no trailing slash). */
  publicUrl: string;
  close(): void;
}

export function createMailer(env: Env): Mailer | null {
  if (!env.SMTP_URL || !env.MAIL_FROM || !env.PUBLIC_URL) return null;
  // nodemailer reads user, password, host, port and smtps:// (implicit TLS) from the URL; a pool reuses connections
  // for the outbox's bursts. Timeouts keep a dead server from holding a loop run for minutes.
  const transport: Transporter = createTransport(env.SMTP_URL, {
    pool: true,
    maxConnections: 2,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as object);
  const from = env.MAIL_FROM;
  return {
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}

/** A refusal the SMTP server will repeat on every retry (5xx: unknown mailbox, policy), as opposed to a timeout. */
export function isPermanentMailError(e: unknown): boolean {
  const code = (e as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/** A link in a mail: the platform's public address plus the in-app path. */
export function absoluteLink(publicUrl: string, path: string | null): string | null {
  if (!path) return null;
  return /^https?:\/\//.test(path) ? path : `${publicUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}
