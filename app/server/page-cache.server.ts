/**
 * A shared cache of rendered pages for anonymous readers (issue 15): render once, serve many. Remix and React's
 * server render cost 3–4 ms of CPU per page however fast the loaders are, so the initiative page could not reach
 * 0.3× /healthz by query tuning alone. Everyone who is not signed in sees the same public page, so the document
 * rendered for one of them is served to the next from memory, with the parts that belong to a request (the CSP nonce
 * and the request id) filled in afresh.
 *
 * Who may share a render is the policy module's call (`mayShareRenderedPage`); this module only asks. What keeps it
 * correct:
 * - Only requests that carry no credentials (no Authorization, no cookie but the language choice) are looked up or
 *   stored; the key is the path with its query and the locale the request context resolves (resolveLocale).
 * - Only a 200 text/html answer without Set-Cookie and without a route's `Cache-Control: private/no-store` is stored.
 * - Every write drops the whole cache in every process (`forgetPagesEverywhere`, through db/cache-bus.server.ts):
 *   each request that is not GET/HEAD before its answer goes out, each job the worker finished, the command line
 *   scripts that write. A render that began before a drop is not stored (the generation it started at is gone).
 * - Entries live `ttlMs` at most (relative times such as "3 minuter sedan" and anything no write announces), and
 *   the whole cache holds at most `maxBytes` of HTML, least recently used going first.
 */
import type { NextFunction, Request, Response } from 'express';
import { forgetEverywhere, registerCache } from '#db/cache-bus.server.ts';
import { parseCookies } from '../context.server.ts';
import { LOCALE_COOKIE, resolveLocale } from '../i18n/index.ts';
import { mayShareRenderedPage, type Actor } from '../policy.ts';

/**
 * 16 MiB of HTML: a reader page is tens of kilobytes (the largest around a hundred), so this keeps well over a
 * hundred distinct pages (the most read ones in both languages) while adding little to a worker that must stay
 * under 300 MiB after a load run (issue 15); each of WEB_CONCURRENCY workers keeps its own.
 */
export const PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** A minute: long enough to serve a burst of readers, short enough for "3 minuter sedan" to stay about right. */
export const PAGE_CACHE_TTL_MS = 60_000;
/** One page may take at most this share of the cache: a huge page would push out many small ones. */
const MAX_ENTRY_SHARE = 8;

/** Headers that belong to one response: set afresh on every hit (the nonce's CSP and the id by http.server.ts). */
const PER_RESPONSE_HEADERS = new Set(['x-request-id', 'content-security-policy', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'age', 'x-page-cache']);

/** Paths that are never a document: Remix's data requests, the read API, built files, the health check. */
export function isDocumentPath(pathname: string): boolean {
  if (pathname.endsWith('.data')) return false;
  if (pathname === '/healthz') return false;
  return !/^\/(api|assets)(\/|$)/.test(pathname);
}

/**
 * Whether a request may be answered from the cache, or fill it: a GET or HEAD for a document with no credentials.
 * Cookies are judged by an allowlist: any cookie but the language choice (a session, a sign-in's state, one another
 * site on the domain set) could change the page, so the request is rendered for itself.
 */
export function isShareableRequest(method: string, pathname: string, headers: { authorization?: string; cookie?: string }): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (!isDocumentPath(pathname)) return false;
  if (headers.authorization !== undefined) return false;
  if (!headers.cookie) return true;
  // Cookie names as sent, undecodable values included: any of them could be someone's session.
  return headers.cookie.split(';').every((pair) => pair.trim() === '' || pair.split('=')[0]!.trim() === LOCALE_COOKIE);
}

/** Whether a finished answer may be shared: 200, HTML, sets no cookie, and its route did not call it private. */
export function isShareableResponse(status: number, headers: { contentType?: string; setCookie?: unknown; cacheControl?: string }): boolean {
  if (status !== 200) return false;
  if (!headers.contentType || !/^text\/html\b/i.test(headers.contentType)) return false;
  if (headers.setCookie !== undefined) return false;
  return !/\b(private|no-store|no-cache)\b/i.test(headers.cacheControl ?? '');
}

/** A stored page: the HTML cut at each per-request part, which `slots` names in order. */
interface Entry {
  parts: string[];
  slots: ('nonce' | 'requestId')[];
  headers: [string, string | number | string[]][];
  bytes: number;
  storedAt: number;
}

/**
 * The rendered HTML cut where the nonce and the request id stand, or null when either appears anywhere else (then
 * the page could not be filled in safely for another request, and is not stored).
 */
export function cutAtPerRequestParts(html: string, nonce: string, requestId: string): Pick<Entry, 'parts' | 'slots'> | null {
  if (!nonce) return null;
  const nonceAttribute = `nonce="${nonce}"`;
  const requestIdMeta = `<meta name="request-id" content="${requestId}"/>`;
  const parts: string[] = [];
  const slots: Entry['slots'] = [];
  let rest = html;
  for (;;) {
    const atNonce = rest.indexOf(nonceAttribute);
    const atId = rest.indexOf(requestIdMeta);
    if (atNonce === -1 && atId === -1) break;
    const nonceFirst = atId === -1 || (atNonce !== -1 && atNonce < atId);
    const at = nonceFirst ? atNonce : atId;
    parts.push(rest.slice(0, at));
    slots.push(nonceFirst ? 'nonce' : 'requestId');
    rest = rest.slice(at + (nonceFirst ? nonceAttribute : requestIdMeta).length);
  }
  parts.push(rest);
  if (parts.some((part) => part.includes(nonce) || (requestId !== '' && part.includes(requestId)))) return null;
  return { parts, slots };
}

function fillIn(entry: Pick<Entry, 'parts' | 'slots'>, nonce: string, requestId: string): string {
  let html = entry.parts[0]!;
  for (let i = 0; i < entry.slots.length; i++) {
    html += entry.slots[i] === 'nonce' ? `nonce="${nonce}"` : `<meta name="request-id" content="${requestId}"/>`;
    html += entry.parts[i + 1]!;
  }
  return html;
}

/** Drops every process's stored pages; settles once the other processes were told (see forgetEverywhere). */
export const forgetPagesEverywhere = () => forgetEverywhere('pages');

/** What the request handler tells the cache about a render: whom it was for (the context's reader). */
export function noteReader(res: Response, actor: () => Promise<Actor>): void {
  res.locals.pageReader = actor;
}

export interface PageCache {
  /** Express middleware: answers a hit, or watches a shareable miss to store it. Goes in front of Remix. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Drops this process's pages (the cache bus calls it for every process). */
  forget(): void;
  stats(): { entries: number; bytes: number; hits: number; misses: number; stored: number };
}

export function createPageCache(opts: { maxBytes?: number; ttlMs?: number; now?: () => number } = {}): PageCache {
  const maxBytes = opts.maxBytes ?? PAGE_CACHE_MAX_BYTES;
  const ttlMs = opts.ttlMs ?? PAGE_CACHE_TTL_MS;
  const now = opts.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  /** Bumped by every drop: a render that started at an older generation may have read what a write changed. */
  let generation = 0;
  const counts = { hits: 0, misses: 0, stored: 0 };

  const forget = () => {
    generation++;
    entries.clear();
    bytes = 0;
  };
  registerCache('pages', forget);

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  const store = (key: string, entry: Entry) => {
    remove(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  function middleware(req: Request, res: Response, next: NextFunction) {
    if (!isShareableRequest(req.method, req.path, { authorization: req.get('authorization'), cookie: req.get('cookie') })) return next();
    const nonce = res.locals.nonce as string;
    const requestId = res.locals.requestId as string;
    const key = `${resolveLocale(parseCookies(req.get('cookie')), req.get('accept-language') ?? null, null)} ${req.originalUrl}`;

    const entry = entries.get(key);
    if (entry && now() - entry.storedAt < ttlMs) {
      counts.hits++;
      // Most recently used: to the end of the order.
      entries.delete(key);
      entries.set(key, entry);
      for (const [name, value] of entry.headers) res.setHeader(name, value);
      const html = fillIn(entry, nonce, requestId);
      res.status(200);
      res.setHeader('Content-Length', Buffer.byteLength(html));
      res.setHeader('Age', String(Math.floor((now() - entry.storedAt) / 1000)));
      res.setHeader('X-Page-Cache', 'hit');
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (entry) remove(key);
    counts.misses++;
    res.setHeader('X-Page-Cache', 'miss');
    // HEAD renders no body to keep; the next GET fills the cache.
    if (req.method !== 'GET') return next();

    const startedAt = generation;
    const chunks: Buffer[] = [];
    let collected = 0;
    let tooBig = false;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
      collected += buffer.length;
      if (collected > maxBytes / MAX_ENTRY_SHARE) {
        tooBig = true;
        chunks.length = 0;
        return;
      }
      chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response['end'];

    res.once('finish', () => {
      if (tooBig || generation !== startedAt) return;
      const shareable = isShareableResponse(res.statusCode, {
        contentType: res.getHeader('content-type')?.toString(),
        setCookie: res.getHeader('set-cookie'),
        cacheControl: res.getHeader('cache-control')?.toString(),
      });
      const reader = res.locals.pageReader as (() => Promise<Actor>) | undefined;
      if (!shareable || !reader) return;
      void reader()
        .then((actor) => {
          // Checked again after the wait: a write may have landed meanwhile.
          if (!mayShareRenderedPage(actor) || generation !== startedAt) return;
          const html = Buffer.concat(chunks).toString('utf8');
          const cut = cutAtPerRequestParts(html, nonce, requestId);
          if (!cut) return;
          const headers = Object.entries(res.getHeaders())
            .filter(([name, value]) => value !== undefined && !PER_RESPONSE_HEADERS.has(name))
            .map(([name, value]) => [name, value] as Entry['headers'][number]);
          store(key, { ...cut, headers, bytes: collected, storedAt: now() });
          counts.stored++;
        })
        .catch(() => {});
    });
    next();
  }

  return { middleware, forget, stats: () => ({ entries: entries.size, bytes, hits: counts.hits, misses: counts.misses, stored: counts.stored }) };
}
