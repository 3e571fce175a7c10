import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** Header name (lower case) → value, folded lines unfolded. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server on a free loopback port; tests read what the app sent through it.
 * With `auth`, it demands that user and password (the URL then carries them).
 */
export async function startSmtpServer(opts: { port?: number; auth?: { user: string; pass: string } } = {}) {
  const received: ReceivedMail[] = [];
  const { auth } = opts;
  const server = new SMTPServer({
    authOptional: !auth,
    // Loopback only, without TLS: the password has to be accepted in the clear.
    allowInsecureAuth: Boolean(auth),
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) callback(null, { user: auth.user });
      else callback(new Error('Invalid username or password'));
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            headers: Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()])),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: auth ? `smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`,
    received,
    /** Mail for `to`, newest last. */
    inbox: (to: string) => received.filter((m) => m.to.includes(to.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
