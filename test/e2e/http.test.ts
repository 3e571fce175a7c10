import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../support/server.ts';

/** The HTTP layer of the real server process: headers, CSRF guard, error pages, search status. */
let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the running server', () => {
  it('boots on migrations, starts Meilisearch itself and reports both', async () => {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toEqual({ status: 'ok', database: server.databaseUrl ? 'postgres' : 'pglite', search: 'available' });
    expect(server.logs.join('')).toMatch(/Search: Meilisearch started at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('serves the home page in Swedish with security headers and nonced scripts', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Fem framgångsfaktorer');
    const csp = res.headers.get('content-security-policy')!;
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline\' \'nonce'); // no inline scripts allowed in production
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attrs] of inlineScripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it('speaks English to a browser that asks for it, and when chosen', async () => {
    expect(await (await fetch(server.url, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).text()).toContain('<html lang="en">');
    const switched = await fetch(`${server.url}/sprak`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ lang: 'en', redirectTo: '/organisationer' }),
    });
    expect(switched.status).toBe(302);
    expect(switched.headers.get('location')).toBe('/organisationer');
    const cookie = switched.headers.get('set-cookie')!;
    expect(cookie).toMatch(/samverka_lang=en; Path=\/; Max-Age=31536000; SameSite=Lax/);
    const page = await (await fetch(`${server.url}/organisationer`, { headers: { Cookie: 'samverka_lang=en' } })).text();
    expect(page).toContain('Organisations');
  });

  it('refuses a sign-up posted from another site, and creates nothing', async () => {
    const attempt = (headers: Record<string, string>) =>
      fetch(`${server.url}/registrera`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: form({ name: 'Mallory', email: 'mallory@evil.example', password: 'long enough password' }),
      });
    expect((await attempt({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await attempt({ Origin: server.url, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await attempt({})).status).toBe(403);
    // The same sign-in from this site shows the account does not exist: nothing was written.
    const signIn = await fetch(`${server.url}/logga-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: 'mallory@evil.example', password: 'long enough password' }),
    });
    expect(signIn.status).toBe(401);
  });

  it('renders 404 and 403 pages in the reader\'s language', async () => {
    const missing = await fetch(`${server.url}/finns-inte`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Sidan finns inte');
    const missingEn = await fetch(`${server.url}/finns-inte`, { headers: { Cookie: 'samverka_lang=en' } });
    expect(await missingEn.text()).toContain('Page not found');
    const mailbox = await fetch(`${server.url}/dev/mail`); // production without SMTP: admins only
    expect(mailbox.status).toBe(403);
    expect(await mailbox.text()).toContain('Du har inte behörighet');
  });
});
