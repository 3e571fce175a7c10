import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { SESSION_COOKIE } from '#app/auth/session.server.ts';
import { loadConfig } from '#app/config.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { createLogger } from '#app/log.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { createHttpApp } from '#app/server/http.server.ts';
import type { Services } from '#app/services.server.ts';
import { openDatabase, type DatabaseHandle } from '#db/client.server.ts';
import { auditLog, loginThrottle } from '#db/schema/index.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { withDatabase } from '../support/global-postgres.ts';
import { startAppServer } from '../support/server.ts';
import { startSmtpServer } from '../support/smtp.ts';

/**
 * The real Express app (production build) on a loopback port, where the socket
 * address is 127.0.0.1: which client address it believes behind a proxy, and
 * what its logs hold. Then the real server process: boot lines and a bad
 * TRUST_PROXY.
 */
const root = path.resolve(import.meta.dirname, '../..');

/** Every secret of this run; a log line holding any of them fails the test. Tokens are added as they appear. */
const secrets = {
  password: 'correct horse battery staple',
  newPassword: 'a brand new passphrase 42',
  smtpPass: `smtp-${crypto.randomBytes(8).toString('hex')}`,
  meiliKey: `meili-${crypto.randomBytes(16).toString('hex')}`,
  dbPass: `db-${crypto.randomBytes(8).toString('hex')}`,
} as Record<string, string>;

type LogLine = Record<string, unknown> & { msg: string; reqId?: string };
const lines: string[] = [];
const parsed = (): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine);
const requestLines = () => parsed().filter((l) => l.msg === 'request');

/**
 * A fresh database: on the PostgreSQL server when DATABASE_URL is set, with a
 * password in its URL (the test server trusts loopback, so it is never asked
 * for; it is there to be kept out of the logs), else PGlite in memory.
 */
async function createDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return null;
  const name = `samverka_ops_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(withDatabase(adminUrl, name));
  if (url.password) secrets.dbPass = decodeURIComponent(url.password);
  else url.password = secrets.dbPass!;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function listen(services: Services) {
  const app = await createHttpApp(services, { kind: 'production', buildDir: path.join(root, 'build') });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const post = (base: string, to: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${to}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const sessionFrom = (res: Response) => {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie?.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? null;
};

describe('behind a proxy, and what the logs hold', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let pg: Awaited<ReturnType<typeof createDatabaseUrl>>;
  let database: DatabaseHandle;
  let services: Services;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-ops-'));
  // One database and one captured log; three ways of trusting proxies.
  const apps: Record<'trusted' | 'untrusted' | 'hops', { url: string; server: Server }> = {} as never;
  let databaseClosed = false;

  beforeAll(async () => {
    smtp = await startSmtpServer({ auth: { user: 'mailer', pass: secrets.smtpPass! } });
    pg = await createDatabaseUrl();
    database = await openDatabase(pg ? { url: pg.url, max: 4 } : { pgliteDir: 'memory://' });
    await seedAreas(database.db);
    const configFor = (trustProxy: string) =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'http://samverka.test',
        DATA_DIR: dataDir,
        SMTP_URL: smtp.url,
        DATABASE_URL: pg?.url,
        MEILI_MASTER_KEY: secrets.meiliKey,
        TRUST_PROXY: trustProxy,
      });
    const config = configFor('loopback');
    services = {
      config,
      db: database.db,
      dbKind: database.kind,
      search: { available: false, reason: 'search is not started in this test' },
      mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db: database.db }),
      uploads: createAttachmentStore(config.uploadsDir),
      logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
    };
    apps.trusted = await listen(services);
    apps.untrusted = await listen({ ...services, config: configFor('false') });
    apps.hops = await listen({ ...services, config: configFor('2') });
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) app.server.close();
    services?.mailer.close();
    if (!databaseClosed) await database?.close();
    await pg?.drop();
    await smtp?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the client address from X-Forwarded-For only through trusted proxies, for the audit log and the throttle', async () => {
    const signIn = (app: keyof typeof apps, email: string, forwardedFor: string) =>
      post(apps[app].url, '/logga-in', { email, password: 'wrong wrong wrong' }, { 'X-Forwarded-For': forwardedFor });
    // The proxy on loopback is trusted and appended 203.0.113.7; the leftmost entry is whatever the client claimed.
    expect((await signIn('trusted', 'via-proxy@x.se', '198.51.100.66, 203.0.113.7')).status).toBe(401);
    // Straight from a peer nobody trusts: the header is the peer's own claim and is ignored.
    expect((await signIn('untrusted', 'direct@x.se', '203.0.113.8')).status).toBe(401);
    // Two proxies in front (the socket and 203.0.113.7): the client is the address before them.
    expect((await signIn('hops', 'two-hops@x.se', '198.51.100.9, 203.0.113.7')).status).toBe(401);

    const failures = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.sign_in_failed'));
    const ipOf = (email: string) => failures.find((f) => f.details.email === email)?.ip;
    expect(ipOf('via-proxy@x.se')).toBe('203.0.113.7');
    expect(ipOf('direct@x.se')).toBe('127.0.0.1');
    expect(ipOf('two-hops@x.se')).toBe('198.51.100.9');

    // Each client its own sign-in bucket, instead of everyone behind the balancer sharing the proxy's.
    const keys = (await database.db.select({ key: loginThrottle.key }).from(loginThrottle)).map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['ip:203.0.113.7', 'ip:127.0.0.1', 'ip:198.51.100.9']));
    expect(keys).not.toContain('ip:203.0.113.8');
    expect(keys).not.toContain('ip:198.51.100.66');

    // The request lines name the same client.
    const signInIps = requestLines()
      .filter((l) => l.route === '/logga-in')
      .map((l) => l.ip);
    expect(signInIps).toEqual(['203.0.113.7', '127.0.0.1', '198.51.100.9']);
  });

  it('keeps an incoming X-Request-Id only from a trusted proxy, and only a sane one', async () => {
    const idOf = async (app: keyof typeof apps, id: string) => (await fetch(`${apps[app].url}/healthz`, { headers: { 'X-Request-Id': id } })).headers.get('x-request-id');
    expect(await idOf('trusted', 'lb-7f3a.42')).toBe('lb-7f3a.42');
    const fromUntrusted = await idOf('untrusted', 'lb-7f3a.42');
    expect(fromUntrusted).not.toBe('lb-7f3a.42');
    expect(fromUntrusted).toMatch(/^[0-9a-f-]{36}$/);
    expect(await idOf('trusted', 'x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
    expect(await idOf('trusted', 'id with "quotes" and spaces')).toMatch(/^[0-9a-f-]{36}$/);
    const healthLines = requestLines().filter((l) => l.route === '/healthz');
    expect(healthLines.map((l) => l.reqId)).toContain('lb-7f3a.42');
  });

  it('never logs a password, token, cookie or secret setting; every request line has id, route, status and duration', async () => {
    const base = apps.trusted.url;
    const signUp = await post(base, '/registrera', { name: 'Lova Logg', email: 'lova@x.se', password: secrets.password!, redirectTo: '/konto' });
    expect(signUp.status).toBe(302);
    // Sign-up signs no one in: the mailed confirmation link does, and its token is one more secret.
    await runDueJobs(services);
    const confirmPath = smtp.inbox('lova@x.se').at(-1)!.text.match(/\/bekrafta-epost\/[A-Za-z0-9_-]+/)![0];
    secrets.confirmationToken = confirmPath.split('/').pop()!;
    expect((await fetch(`${base}${confirmPath}`)).status).toBe(200);
    const confirmed = await post(base, confirmPath, {});
    expect(confirmed.status).toBe(302);
    secrets.firstSession = sessionFrom(confirmed)!;
    expect((await fetch(`${base}/konto`, { headers: { Cookie: `${SESSION_COOKIE}=${secrets.firstSession}` } })).status).toBe(200);
    expect((await fetch(`${base}/konto.data`, { headers: { Cookie: `${SESSION_COOKIE}=${secrets.firstSession}` } })).status).toBe(200);

    const signIn = await post(base, '/logga-in', { email: 'lova@x.se', password: secrets.password!, redirectTo: '/konto' });
    expect(signIn.status).toBe(302);
    secrets.secondSession = sessionFrom(signIn)!;

    expect((await post(base, '/glomt-losenord', { email: 'lova@x.se' })).status).toBe(200);
    await runDueJobs(services);
    const mail = smtp.inbox('lova@x.se').at(-1)!;
    const resetPath = mail.text.match(/\/aterstall-losenord\/[A-Za-z0-9_-]+/)![0];
    secrets.resetToken = resetPath.split('/').pop()!;

    const resetPage = await fetch(`${base}${resetPath}`);
    expect(resetPage.status).toBe(200);
    // Refused before Remix runs (another site's form): still logged by its pattern.
    expect((await post(base, resetPath, { password: secrets.newPassword! }, { Origin: 'https://evil.example' })).status).toBe(403);
    const reset = await post(base, resetPath, { password: secrets.newPassword! });
    expect(reset.status).toBe(302);
    secrets.thirdSession = sessionFrom(reset)!;
    expect((await fetch(`${base}/sok?q=hemlig-fraga`, { headers: { Authorization: `Bearer ${secrets.thirdSession}` } })).status).toBe(503);

    const all = lines.join('');
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(all.includes(value), `${name} appears in the log`).toBe(false);
    }
    expect(all).not.toContain('hemlig-fraga');

    const requests = requestLines();
    for (const line of requests) {
      expect(line).toMatchObject({ reqId: expect.any(String), method: expect.any(String), route: expect.stringMatching(/^\//), status: expect.any(Number), durationMs: expect.any(Number) });
    }
    const routes = requests.map((l) => `${l.method} ${l.route} ${l.status}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /registrera 302',
        'GET /konto 200',
        'GET /konto.data 200',
        'GET /aterstall-losenord/:token 200',
        'POST /aterstall-losenord/:token 403',
        'POST /aterstall-losenord/:token 302',
        'GET /sok 503',
      ]),
    );
    // The response's X-Request-Id is the one its line carries.
    const pageLine = requests.find((l) => l.reqId === resetPage.headers.get('x-request-id'));
    expect(pageLine?.route).toBe('/aterstall-losenord/:token');
    // The reset mail went out through the jobs table, logged without its payload (the link).
    expect(parsed().find((l) => l.msg === 'job done' && l.kind === 'mail.send')).toBeTruthy();
  });

  it('logs a failing job with its error, without the payload or the SMTP password', async () => {
    expect((await post(apps.trusted.url, '/glomt-losenord', { email: 'lova@x.se' })).status).toBe(200);
    // The same jobs table, drained by a worker whose SMTP password is wrong: the server refuses the login.
    secrets.wrongSmtpPass = `wrong-${crypto.randomBytes(8).toString('hex')}`;
    const wrongUrl = new URL(smtp.url);
    wrongUrl.password = secrets.wrongSmtpPass;
    const mailer = createMailer({ smtpUrl: wrongUrl.toString(), from: services.config.MAIL_FROM, db: database.db });
    try {
      await runDueJobs({ ...services, mailer });
    } finally {
      mailer.close();
    }
    const failed = parsed().find((l) => l.msg === 'job failed') as { kind: string; jobId: string; attempt: number; gaveUp: boolean; err: { message: string } } | undefined;
    expect(failed).toMatchObject({ kind: 'mail.send', attempt: 1, gaveUp: false });
    expect(failed!.err.message).toMatch(/Invalid login|Invalid username or password/);
    const all = lines.join('');
    expect(all).not.toContain(secrets.wrongSmtpPass);
    expect(all).not.toMatch(/aterstall-losenord\/[a-z0-9]/);
  });

  it('shows the request id on the 500 page, and logs the error with that id and its stack', async () => {
    // The database going away is the classic server error.
    await database.close();
    databaseClosed = true;
    const res = await fetch(`${apps.trusted.url}/`);
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id')!;
    const html = await res.text();
    expect(html).toContain('Något gick fel');
    expect(html).toContain(`<code class="request-id">${id}</code>`);

    const error = parsed().find((l) => l.reqId === id && l.msg === 'unhandled error') as { err: { message: string; stack: string } } | undefined;
    expect(error?.err.stack).toMatch(/\n\s+at /);
    expect(html).not.toContain(error!.err.message);
    expect(html).not.toContain(error!.err.stack.split('\n')[1]!.trim());
    expect(requestLines().find((l) => l.reqId === id)).toMatchObject({ route: '/', status: 500 });
  });
});

describe('the server process', () => {
  it('refuses to boot on a bad TRUST_PROXY or LOG_LEVEL, naming the variables', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', TRUST_PROXY: '10.0.0.0/33', LOG_LEVEL: 'loud', DATA_DIR: path.join(os.tmpdir(), 'samverka-never-created') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toContain('Samverka cannot start');
    expect(stderr).toMatch(/TRUST_PROXY: .*10\.0\.0\.0\/33/);
    expect(stderr).toContain('LOG_LEVEL');
  });

  it('logs its boot and requests as JSON lines without the secret settings', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'mailer', pass: secrets.smtpPass! } });
    const pg = await createDatabaseUrl();
    const server = await startAppServer({ SMTP_URL: smtp.url, LOG_LEVEL: 'info', TRUST_PROXY: 'loopback', ...(pg ? { DATABASE_URL: pg.url } : {}) });
    try {
      const masterKey = fs.readFileSync(path.join(server.dataDir, 'meili', 'master-key'), 'utf8').trim();
      expect(masterKey.length).toBeGreaterThan(8);
      const res = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'boot-test-1' } });
      expect(res.headers.get('x-request-id')).toBe('boot-test-1');
      await server.stop();
      const output = server.logs.join('');
      const records = output
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as LogLine);
      expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['Mail: SMTP', `Samverka is running at ${server.url}`, 'SIGTERM: stopping Samverka…']));
      expect(records.find((r) => r.reqId === 'boot-test-1')).toMatchObject({ msg: 'request', route: '/healthz', status: 200, ip: '127.0.0.1' });
      for (const value of [secrets.smtpPass!, masterKey, ...(pg ? [secrets.dbPass!] : [])]) expect(output.includes(value)).toBe(false);
      if (pg) expect(records.find((r) => r.msg.startsWith('Database: PostgreSQL'))?.msg).toContain(':***@');
    } finally {
      await server.stop();
      await pg?.drop();
      await smtp.close();
    }
  });
});
