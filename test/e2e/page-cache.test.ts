import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, runBrowserTests } from '../support/browser.ts';
import { startAppServer } from '../support/server.ts';

/**
 * The page cache for anonymous readers (issue 15, app/server/page-cache.server.ts) in the real server process with
 * the demo content: what an anonymous reader was served from memory is gone the moment its editor unpublishes the
 * page or makes it group-only, also when the write went through another process; a signed-in reader is never served
 * a stored page and never fills the cache. startAppServer runs with PAGE_CACHE=off (see the README's testing notes),
 * so this file turns it on.
 */
type Server = Awaited<ReturnType<typeof startAppServer>>;
let server: Server;

/** One request on a connection of its own, so a cluster's primary hands each to the next worker. */
function request(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: opts.method ?? 'GET', agent: false, headers: { connection: 'close', ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await request(base, '/logga-in', {
    method: 'POST',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'samverka-demo' }).toString(),
  });
  expect(res.status).toBe(302);
  return String(res.headers['set-cookie']![0]).split(';')[0]!;
}

/** The demo initiatives a signed-in editor may unpublish: their paths, versions and groups to publish to. */
async function editableInitiatives(base: string, cookie: string) {
  const list = await request(base, '/insatser');
  const paths = [...new Set([...list.body.matchAll(/href="(\/insatser\/[a-z0-9-]+)"/g)].map((m) => m[1]!))].filter((p) => !/\/(ny|karta)$/.test(p));
  const mine = [];
  for (const path of paths) {
    const page = await request(base, path, { headers: { Cookie: cookie } });
    if (!page.body.includes('value="unpublish"')) continue;
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const groups = [...page.body.matchAll(/<option value="([0-9a-f-]{36})">/g)].map((m) => m[1]!);
    mine.push({ path, version, groups });
  }
  return mine;
}

async function changePublishing(base: string, cookie: string, path: string, fields: Record<string, string>) {
  const res = await request(base, path, {
    method: 'POST',
    headers: { Origin: base, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  expect(res.status, res.body.slice(0, 500)).toBe(302);
}

const nonceOf = (headers: http.IncomingHttpHeaders) => /'nonce-([^']+)'/.exec(String(headers['content-security-policy']))![1]!;

/** Asks until the page is served from memory (the store happens just after a response is finished). */
async function untilCached(base: string, path: string, headers: Record<string, string> = {}) {
  let last!: Awaited<ReturnType<typeof request>>;
  await expect
    .poll(async () => {
      last = await request(base, path, { headers });
      return last.headers['x-page-cache'];
    }, { timeout: 20_000 })
    .toBe('hit');
  return last;
}

beforeAll(async () => {
  server = await startAppServer({ SEED_DEMO: 'true', PAGE_CACHE: 'on' });
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

describe('page cache in the running server', () => {
  it('serves an initiative page from memory with a fresh nonce and request id, in each language apart', async () => {
    const path = (await request(server.url, '/insatser')).body.match(/href="(\/insatser\/[a-z0-9-]+-[a-z0-9-]+)"/)![1]!;
    const first = await request(server.url, path);
    expect(first.status).toBe(200);
    const hit = await untilCached(server.url, path);
    expect(hit.status).toBe(200);
    expect(nonceOf(hit.headers)).not.toBe(nonceOf(first.headers));
    const inlineScripts = [...hit.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attrs] of inlineScripts) expect(attrs).toContain(`nonce="${nonceOf(hit.headers)}"`);
    expect(hit.body).toContain(`<meta name="request-id" content="${hit.headers['x-request-id']}"/>`);
    expect(hit.body).not.toContain(nonceOf(first.headers));
    expect(hit.headers['content-type']).toBe(first.headers['content-type']);
    expect(hit.headers.link).toBe(first.headers.link);
    expect(hit.headers['cache-control']).toBeUndefined();
    expect(hit.body).toContain('<html lang="sv">');

    const english = await request(server.url, path, { headers: { 'Accept-Language': 'en' } });
    expect(english.headers['x-page-cache']).toBe('miss');
    expect(english.body).toContain('<html lang="en">');
    const englishHit = await untilCached(server.url, path, { Cookie: 'samverka_lang=en' });
    expect(englishHit.body).toContain('<html lang="en">');
    expect((await request(server.url, path, { headers: { 'Accept-Language': 'sv' } })).body).toContain('<html lang="sv">');

    let head!: Awaited<ReturnType<typeof request>>;
    await expect.poll(async () => (head = await request(server.url, path, { method: 'HEAD' })).headers['x-page-cache'], { timeout: 20_000 }).toBe('hit');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('never serves a signed-in reader a stored page, and never stores theirs', async () => {
    const cookie = await signIn(server.url, 'anna.lindqvist@malmo.example');
    await untilCached(server.url, '/');
    const own = await request(server.url, '/', { headers: { Cookie: cookie } });
    expect(own.headers['x-page-cache']).toBeUndefined();
    expect(own.body).toContain('Anna Lindqvist');
    // A page first asked for by the signed-in reader: the next anonymous reader gets a render of their own.
    const signedInFirst = await request(server.url, '/organisationer?fran=inloggad', { headers: { Cookie: cookie } });
    expect(signedInFirst.body).toContain('Anna Lindqvist');
    const anonymous = await request(server.url, '/organisationer?fran=inloggad');
    expect(anonymous.headers['x-page-cache']).toBe('miss');
    expect(anonymous.body).not.toContain('Anna Lindqvist');
    expect((await untilCached(server.url, '/organisationer?fran=inloggad')).body).not.toContain('Anna Lindqvist');
    // Another cookie beside the language choice: rendered for that request.
    expect((await request(server.url, '/', { headers: { Cookie: 'samverka_lang=sv; annan=1' } })).headers['x-page-cache']).toBeUndefined();
  });

  it('unpublishing or making a page group-only hides it from the anonymous reader at once', async () => {
    const cookie = await signIn(server.url, 'anna.lindqvist@malmo.example');
    const mine = await editableInitiatives(server.url, cookie);
    const withGroup = mine.find((i) => i.groups.length > 0);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(withGroup, 'an initiative Anna may publish to one of her groups').toBeDefined();
    const other = mine.find((i) => i !== withGroup)!;

    await untilCached(server.url, other.path);
    await changePublishing(server.url, cookie, other.path, { intent: 'unpublish', version: other.version });
    expect((await request(server.url, other.path)).status).toBe(404);

    await untilCached(server.url, withGroup!.path);
    await changePublishing(server.url, cookie, withGroup!.path, { intent: 'publish', visibility: 'group', groupId: withGroup!.groups[0]!, version: withGroup!.version });
    expect((await request(server.url, withGroup!.path)).status).toBe(404);
  });

  it('a comment a moderator hides is gone at once from the page stored for anonymous readers', async () => {
    const path = (await request(server.url, '/insatser')).body.match(/href="(\/insatser\/[a-z0-9-]+-[a-z0-9-]+)"/)![1]!;
    const text = `Reklam för klockor ${Date.now()}`;
    const post = (cookie: string, fields: Record<string, string>) =>
      request(server.url, path, {
        method: 'POST',
        headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const fatima = await signIn(server.url, 'fatima.hassan@forening.example');
    expect((await post(fatima, { intent: 'comment-add', commentBody: text })).status).toBeLessThan(400);
    expect((await untilCached(server.url, path)).body).toContain(text);

    const admin = await signIn(server.url, 'admin@samverka.example');
    const moderatorView = (await request(server.url, path, { headers: { Cookie: admin } })).body;
    const commentId = new RegExp(`${text}[\\s\\S]*?name="commentId" value="([0-9a-f-]{36})"`).exec(moderatorView)![1]!;
    expect((await post(admin, { intent: 'comment-hide', commentId, hideReason: 'Reklam' })).status).toBeLessThan(400);
    const after = await request(server.url, path);
    expect(after.status).toBe(200);
    expect(after.body).not.toContain(text);
  });
});

describe.runIf(runBrowserTests)('a stored page in Chromium', () => {
  it('renders and hydrates with the nonce of its own request: no CSP refusal, no error', async () => {
    const path = (await request(server.url, '/insatser')).body.match(/href="(\/insatser\/[a-z0-9-]+-[a-z0-9-]+)"/)![1]!;
    await untilCached(server.url, path);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
      page.on('pageerror', (e) => problems.push(e.message));
      // A job finishing (the search sync of an earlier test's write) drops the stored pages: ask until one is served.
      await expect.poll(async () => (await page.goto(server.url + path))!.headers()['x-page-cache'], { timeout: 20_000 }).toBe('hit');
      // Remix's router exists only once the page's scripts ran: they were allowed by the fresh nonce.
      await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/page-cache-hit-1280.png`, fullPage: true });
      // A client-side navigation: the hydrated router answers the click.
      await page.getByRole('link', { name: 'Hjälp', exact: true }).click();
      await page.waitForURL('**/hjalp');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** Two HTTP workers (cluster mode) on the same PostgreSQL database as the server above: a write there reaches them. */
describe.runIf(process.env.DATABASE_URL)('page cache across processes', () => {
  let cluster: Server;
  beforeAll(async () => {
    cluster = await startAppServer({ DATABASE_URL: server.databaseUrl!, SEED_DEMO: 'true', PAGE_CACHE: 'on', WEB_CONCURRENCY: '2' }, { startBudgetMs: 240_000 });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('a page both workers keep is gone from both once another process unpublished it', async () => {
    const cookie = await signIn(server.url, 'erik.johansson@af.example');
    const [target] = await editableInitiatives(server.url, cookie);
    expect(target).toBeDefined();
    // Each connection goes to the next worker: four hits in a row means both keep the page.
    await expect
      .poll(async () => {
        const states = [];
        for (let i = 0; i < 4; i++) states.push((await request(cluster.url, target!.path)).headers['x-page-cache']);
        return states;
      }, { timeout: 30_000 })
      .toEqual(['hit', 'hit', 'hit', 'hit']);

    await changePublishing(server.url, cookie, target!.path, { intent: 'unpublish', version: target!.version });
    const after = [];
    for (let i = 0; i < 4; i++) after.push((await request(cluster.url, target!.path)).status);
    expect(after).toEqual([404, 404, 404, 404]);
  });
});
