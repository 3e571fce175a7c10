import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { loadConfig } from '#app/config.server.ts';
import { createLogger } from '#app/log.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { createHttpApp } from '#app/server/http.server.ts';
import type { Services } from '#app/services.server.ts';
import { openDatabase, type DatabaseHandle } from '#db/client.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { TEST_ORIGIN } from '../support/app.ts';
import { withDatabase } from '../support/global-postgres.ts';
import { axeViolations, describeViolations, launchChromium, runBrowserTests } from '../support/browser.ts';

/**
 * Errors thrown by a page's loader show on that route's error page (app/components/error-boundary.tsx):
 * inside the site's header and navigation, with the response's status, the message for that status and
 * the request id, which the server's log lines carry too. The production build, in-process, with its
 * log captured (as in proxy-and-logs.test.ts).
 */
const root = path.resolve(import.meta.dirname, '../..');

type LogLine = Record<string, unknown> & { msg: string; reqId?: string };
const lines: string[] = [];
const parsed = (): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-errors-'));
let database: DatabaseHandle;
let dropDatabase = async () => {};
let services: Services;
let server: Server;
let base: string;
let databaseClosed = false;

beforeAll(async () => {
  // A fresh database on the PostgreSQL server when DATABASE_URL is set, else PGlite in memory.
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = `samverka_errors_${crypto.randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    database = await openDatabase({ url: withDatabase(adminUrl, name), max: 4 });
  } else database = await openDatabase({ pgliteDir: 'memory://' });
  await seedAreas(database.db);
  // Production, without SMTP: the dev mailbox is then for administrators only (the 403 below).
  const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: TEST_ORIGIN, DATA_DIR: dataDir });
  services = {
    config,
    db: database.db,
    dbKind: database.kind,
    search: { available: false, reason: 'search is not started in this test' },
    mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db: database.db }),
    uploads: createAttachmentStore(config.uploadsDir),
    logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
  };
  const app = await createHttpApp(services, { kind: 'production', buildDir: path.join(root, 'build') });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  services?.mailer.close();
  if (!databaseClosed) await database?.close();
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The page's <main>, where the route's error page renders, and whether the site's header came with it. */
async function errorPage(pathname: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${pathname}`, { headers });
  const html = await res.text();
  return {
    status: res.status,
    id: res.headers.get('x-request-id')!,
    html,
    main: html.slice(html.indexOf('<main'), html.indexOf('</main>')),
    withHeader: html.includes('class="site-header"') && html.includes('class="site-nav"'),
  };
}

describe('error pages from a page loader', () => {
  it('404: the not-found message and the request id, inside the site layout', async () => {
    const page = await errorPage('/insatser/ingen-sadan-insats');
    expect(page.status).toBe(404);
    expect(page.withHeader).toBe(true);
    expect(page.main).toContain('<h1>Sidan finns inte</h1>');
    expect(page.main).toContain('Vi hittar inte sidan du söker.');
    expect(page.main).toContain(`<code class="request-id">${page.id}</code>`);
    expect(page.main).toContain('role="alert"');
    // The browser tab says what happened, not just the site's name.
    expect(page.html).toContain('<title>Sidan finns inte – Samverka</title>');
    expect(page.html.match(/<title>/g)).toHaveLength(1);
    // The same page in English.
    const en = await errorPage('/insatser/ingen-sadan-insats', { Cookie: 'samverka_lang=en' });
    expect(en.main).toContain('<h1>Page not found</h1>');
    expect(en.main).toContain('Quote this reference if you contact support:');
    expect(en.main).toContain(`<code class="request-id">${en.id}</code>`);
    expect(en.html).toContain('<title>Page not found – Samverka</title>');
  });

  it('403: the permission message and the request id, inside the site layout', async () => {
    // The dev mailbox in production without SMTP: administrators only.
    const page = await errorPage('/dev/mail');
    expect(page.status).toBe(403);
    expect(page.withHeader).toBe(true);
    expect(page.main).toContain('<h1>Du har inte behörighet</h1>');
    expect(page.main).toContain('Du saknar behörighet att se eller göra det här.');
    expect(page.html).toContain('<title>Du har inte behörighet – Samverka</title>');
    expect(page.main).toContain(`<code class="request-id">${page.id}</code>`);
    const requestLine = parsed().find((l) => l.msg === 'request' && l.reqId === page.id);
    expect(requestLine).toMatchObject({ route: '/dev/mail', status: 403 });
  });

  it.runIf(runBrowserTests)('renders them accessibly in the browser, the request id readable on the page', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
      for (const [pathname, status, heading] of [
        ['/insatser/ingen-sadan-insats', 404, 'Sidan finns inte'],
        ['/dev/mail', 403, 'Du har inte behörighet'],
      ] as const) {
        const res = await page.goto(`${base}${pathname}`);
        expect(res?.status()).toBe(status);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor();
        expect(await page.title()).toBe(`${heading} – Samverka`);
        expect(await page.locator('code.request-id').textContent()).toBe(res?.headers()['x-request-id']);
        await page.waitForLoadState('networkidle');
        const violations = await axeViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      }
    } finally {
      await browser?.close();
    }
  });

  it('an unexpected error: the generic message and the logged request id, never the error itself', async () => {
    // The database going away under a page's loader (the root loader needs none for an anonymous reader).
    await database.close();
    databaseClosed = true;
    const page = await errorPage('/insatser');
    expect(page.status).toBe(500);
    expect(page.withHeader).toBe(true);
    expect(page.main).toContain('<h1>Något gick fel</h1>');
    expect(page.main).toContain('Ett oväntat fel inträffade.');
    expect(page.html).toContain('<title>Något gick fel – Samverka</title>');
    expect(page.main).toContain(`<code class="request-id">${page.id}</code>`);

    const error = parsed().find((l) => l.reqId === page.id && l.msg === 'unhandled error') as { err: { message: string; stack: string } } | undefined;
    expect(error?.err.stack).toMatch(/\n\s+at /);
    expect(page.html).not.toContain(error!.err.message);
    expect(page.html).not.toMatch(/\n\s+at /);
    expect(page.html).not.toContain(error!.err.stack.split('\n')[1]!.trim());
    expect(parsed().find((l) => l.msg === 'request' && l.reqId === page.id)).toMatchObject({ route: '/insatser', status: 500 });
  });
});
