import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetEverywhere } from '#db/cache-bus.server.ts';
import { createPageCache, cutAtPerRequestParts, isShareableRequest, noteReader } from '#app/server/page-cache.server.ts';
import { ANONYMOUS, type Actor } from '#app/policy.ts';

/**
 * The page cache's own rules (app/server/page-cache.server.ts) in front of a small Express app that renders a page
 * the way Remix does (nonce attributes, the request-id meta tag, written in chunks). The real server with Remix,
 * PostgreSQL and Meilisearch behind it: test/e2e/page-cache.test.ts.
 */
const SIGNED_IN: Actor = { ...ANONYMOUS, userId: 'u1', emailVerified: true };

interface Render {
  status?: number;
  headers?: Record<string, string>;
  reader?: Actor;
  /** Resolves when the render may finish: a test holds it open across a write. */
  hold?: Promise<void>;
  bytes?: number;
}

let closeServer: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeServer?.();
  closeServer = null;
});

async function startApp(opts: { maxBytes?: number; ttlMs?: number; now?: () => number } = {}) {
  const cache = createPageCache(opts);
  const app = express();
  let renders = 0;
  let next: Render = {};
  app.use((req, res, nextFn) => {
    res.locals.nonce = crypto.randomBytes(16).toString('base64');
    res.locals.requestId = crypto.randomUUID();
    res.set('X-Request-Id', res.locals.requestId as string);
    res.set('Content-Security-Policy', `script-src 'nonce-${res.locals.nonce}'`);
    nextFn();
  });
  app.use(cache.middleware);
  app.get('*', async (req, res) => {
    renders++;
    const render = next;
    noteReader(res, async () => render.reader ?? ANONYMOUS);
    if (render.hold) await render.hold;
    res.status(render.status ?? 200);
    res.set({ 'Content-Type': 'text/html; charset=utf-8', Link: '</assets/a.js>; rel=modulepreload', ...render.headers });
    res.write(`<html><head><meta name="request-id" content="${res.locals.requestId}"/></head><body>`);
    res.write(`<p>${req.originalUrl} für ${render.reader?.userId ?? 'alla'} ${'x'.repeat(render.bytes ?? 0)}</p>`);
    res.end(`<script nonce="${res.locals.nonce}">1</script><script nonce="${res.locals.nonce}">2</script></body></html>`);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    cache,
    renders: () => renders,
    renderNext: (r: Render) => (next = r),
    get: async (path: string, init: RequestInit = {}) => {
      const res = await fetch(url + path, init);
      return { res, html: await res.text(), state: res.headers.get('x-page-cache') };
    },
  };
}

/** After a response's 'finish' the cache stores from a promise: wait until it shows. */
async function storedCount(app: Awaited<ReturnType<typeof startApp>>, n: number) {
  await expect.poll(() => app.cache.stats().stored).toBe(n);
}

describe('page cache: which requests', () => {
  it('shares only GET/HEAD documents without credentials; cookies by allowlist (the language choice only)', () => {
    expect(isShareableRequest('GET', '/insatser/x', {})).toBe(true);
    expect(isShareableRequest('HEAD', '/insatser/x', { cookie: 'samverka_lang=en' })).toBe(true);
    expect(isShareableRequest('POST', '/insatser/x', {})).toBe(false);
    expect(isShareableRequest('GET', '/insatser/x.data', {})).toBe(false);
    expect(isShareableRequest('GET', '/api/v1/initiatives', {})).toBe(false);
    expect(isShareableRequest('GET', '/assets/app.js', {})).toBe(false);
    expect(isShareableRequest('GET', '/healthz', {})).toBe(false);
    expect(isShareableRequest('GET', '/', { authorization: 'Bearer abc' })).toBe(false);
    expect(isShareableRequest('GET', '/', { cookie: 'samverka_session=abc' })).toBe(false);
    expect(isShareableRequest('GET', '/', { cookie: 'samverka_lang=sv; samverka_sso_state=x' })).toBe(false);
    expect(isShareableRequest('GET', '/', { cookie: 'tracking=%E0' })).toBe(false);
  });
});

describe('page cache: in front of an app', () => {
  it('serves the second anonymous request from memory with a fresh nonce and request id in headers and HTML', async () => {
    const app = await startApp();
    const first = await app.get('/sida?q=1');
    expect(first.state).toBe('miss');
    await storedCount(app, 1);
    const second = await app.get('/sida?q=1');
    expect(second.state).toBe('hit');
    expect(app.renders()).toBe(1);
    const nonceOf = (r: typeof first) => /'nonce-([^']+)'/.exec(r.res.headers.get('content-security-policy')!)![1]!;
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(second.html.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${nonceOf(second)}"`, `nonce="${nonceOf(second)}"`]);
    expect(second.html).toContain(`<meta name="request-id" content="${second.res.headers.get('x-request-id')}"/>`);
    expect(second.html).not.toContain(first.res.headers.get('x-request-id')!);
    // The same page otherwise, with the route's own headers.
    const strip = (r: typeof first) => r.html.replaceAll(nonceOf(r), 'N').replaceAll(r.res.headers.get('x-request-id')!, 'R');
    expect(strip(second)).toBe(strip(first));
    expect(second.res.headers.get('link')).toBe('</assets/a.js>; rel=modulepreload');
    expect(second.res.headers.get('age')).toBe('0');
    // Another query is another page.
    expect((await app.get('/sida?q=2')).state).toBe('miss');
  });

  it('answers HEAD from the cache with the headers and no body', async () => {
    const app = await startApp();
    const get = await app.get('/sida');
    await storedCount(app, 1);
    const head = await app.get('/sida', { method: 'HEAD' });
    expect(head.state).toBe('hit');
    expect(head.res.status).toBe(200);
    expect(head.html).toBe('');
    expect(Number(head.res.headers.get('content-length'))).toBe(Buffer.byteLength(get.html));
  });

  it('keys by the resolved locale: an English reader never gets the Swedish page, a chosen language beats Accept-Language', async () => {
    const app = await startApp();
    await app.get('/sida');
    await storedCount(app, 1);
    expect((await app.get('/sida', { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).state).toBe('miss');
    expect((await app.get('/sida', { headers: { 'Accept-Language': 'sv-SE' } })).state).toBe('hit');
    expect((await app.get('/sida', { headers: { 'Accept-Language': 'en', Cookie: 'samverka_lang=sv' } })).state).toBe('hit');
  });

  it('never stores a render for a signed-in reader, one that sets a cookie, or one its route calls private', async () => {
    const app = await startApp();
    for (const [path, render] of [
      ['/a', { reader: SIGNED_IN }],
      ['/b', { headers: { 'Set-Cookie': 'x=1' } }],
      ['/c', { headers: { 'Cache-Control': 'private, no-cache' } }],
      ['/d', { headers: { 'Cache-Control': 'no-store' } }],
      ['/e', { status: 404 }],
      ['/f', { headers: { 'Content-Type': 'application/json' } }],
    ] as const) {
      app.renderNext(render);
      await app.get(path);
      app.renderNext({});
      expect((await app.get(path)).state, path).toBe('miss');
    }
    await storedCount(app, 6);
    // Each of the six second renders was stored; none of the first ones.
    expect(app.renders()).toBe(12);
  });

  it('never answers a request with a session cookie or an Authorization header from the cache, nor stores its render', async () => {
    const app = await startApp();
    await app.get('/sida');
    await storedCount(app, 1);
    const withSession = await app.get('/sida', { headers: { Cookie: 'samverka_session=abc' } });
    expect(withSession.state).toBeNull();
    expect((await app.get('/sida', { headers: { Authorization: 'Bearer t' } })).state).toBeNull();
    expect(app.renders()).toBe(3);
    expect((await app.get('/sida')).state).toBe('hit');
    expect(app.cache.stats().stored).toBe(1);
  });

  it('drops everything on a write announced on the cache bus, and does not store a render that began before it', async () => {
    const app = await startApp();
    await app.get('/sida');
    await storedCount(app, 1);
    await forgetEverywhere('pages');
    expect((await app.get('/sida')).state).toBe('miss');
    await storedCount(app, 2);

    // A render in flight while a write lands: it may have read the old data.
    let release!: () => void;
    app.renderNext({ hold: new Promise<void>((resolve) => (release = resolve)) });
    const inFlight = app.get('/annan');
    await expect.poll(() => app.renders()).toBe(3);
    await forgetEverywhere('pages');
    release();
    expect((await inFlight).state).toBe('miss');
    app.renderNext({});
    expect((await app.get('/annan')).state).toBe('miss');
    await storedCount(app, 3);
    expect((await app.get('/annan')).state).toBe('hit');
  });

  it('forgets a page after its time to live', async () => {
    let clock = 1_000_000;
    const app = await startApp({ ttlMs: 60_000, now: () => clock });
    await app.get('/sida');
    await storedCount(app, 1);
    clock += 59_000;
    const hit = await app.get('/sida');
    expect(hit.state).toBe('hit');
    expect(hit.res.headers.get('age')).toBe('59');
    clock += 1_000;
    expect((await app.get('/sida')).state).toBe('miss');
  });

  it('holds at most its byte budget, dropping the least recently used page first', async () => {
    const app = await startApp({ maxBytes: 8 * 1000 });
    for (const path of ['/1', '/2', '/3']) {
      app.renderNext({ bytes: 700 });
      await app.get(path);
    }
    await storedCount(app, 3);
    expect((await app.get('/1')).state).toBe('hit'); // /2 is now the least recently used
    for (const path of ['/4', '/5', '/6', '/7', '/8', '/9', '/10', '/11']) {
      app.renderNext({ bytes: 700 });
      await app.get(path);
    }
    await storedCount(app, 11);
    expect(app.cache.stats().bytes).toBeLessThanOrEqual(8 * 1000);
    expect((await app.get('/2')).state).toBe('miss');
    // A page above an eighth of the budget is never kept.
    app.renderNext({ bytes: 2000 });
    await app.get('/stor');
    app.renderNext({});
    expect((await app.get('/stor')).state).toBe('miss');
  });
});

describe('page cache: cutting a page at its per-request parts', () => {
  it('refuses a page where the nonce or the request id stands anywhere but in its place', () => {
    expect(cutAtPerRequestParts('<script nonce="abc">x</script>', 'abc', 'r1')).not.toBeNull();
    expect(cutAtPerRequestParts('<script nonce="abc">var n = "abc"</script>', 'abc', 'r1')).toBeNull();
    expect(cutAtPerRequestParts('<p>r1</p>', 'abc', 'r1')).toBeNull();
    expect(cutAtPerRequestParts('<p>x</p>', '', 'r1')).toBeNull();
  });
});
