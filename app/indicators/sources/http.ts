/**
 * Fetching JSON from a statistics API (Kolada, SCB) for an import: a timeout on
 * every request (body included), a bounded wait-and-retry on 429 as the
 * answer's Retry-After says, and a log of what was asked and answered, which
 * becomes the import's provenance (the URLs and a SHA-256 of the answers).
 * A failure is a SourceError with a reason the import page and the command
 * line turn into a specific message; nothing is written then.
 */
import { createHash, type Hash } from 'node:crypto';

export type SourceErrorReason =
  | 'not-found'
  | 'rate-limited'
  | 'timeout'
  | 'malformed'
  | 'too-large'
  | 'bad-request'
  | 'unavailable'
  | 'no-values'
  | 'unknown-area'
  /** An SCB table whose time variable is months, quarters or half-years: Samverka keeps values per year. */
  | 'not-yearly';

export class SourceError extends Error {
  constructor(
    readonly reason: SourceErrorReason,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${reason}${params.url ? ` (${params.url})` : ''}${params.status ? `: HTTP ${params.status}` : ''}`);
    this.name = 'SourceError';
  }
}

export interface SourceHttpOptions {
  /** Per request, the answer's body included. */
  timeoutMs?: number;
  /** How many times a 429 is waited out before giving up. */
  maxRetries?: number;
  /** Longest Retry-After we wait for; a longer one gives up at once. */
  maxRetryWaitMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** What was asked and answered: the import's provenance. */
export class FetchLog {
  readonly urls: string[] = [];
  private readonly hash: Hash = createHash('sha256');
  readonly retrievedAt = new Date();

  record(url: string, body: string): void {
    this.urls.push(url);
    this.hash.update(body);
  }

  /** SHA-256 of every answer in the order they came. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }
}

function retryAfterMs(header: string | null): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

/** GET (or POST with a JSON body) and parse JSON; throws SourceError. */
export async function fetchJson(url: string, log: FetchLog, opts: SourceHttpOptions & { body?: unknown; statusReasons?: Partial<Record<number, SourceErrorReason>> } = {}): Promise<unknown> {
  const maxRetries = opts.maxRetries ?? 3;
  const maxWait = opts.maxRetryWaitMs ?? 60_000;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: opts.body === undefined ? 'GET' : 'POST',
        headers: { accept: 'application/json', ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new SourceError('timeout', { url, seconds: Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 100) / 10 });
      throw new SourceError('unavailable', { url });
    }
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (attempt >= maxRetries || wait > maxWait) throw new SourceError('rate-limited', { url, status: 429, attempts: attempt + 1 });
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    if (!response.ok) {
      const reason = opts.statusReasons?.[response.status] ?? (response.status === 404 ? 'not-found' : response.status >= 500 ? 'unavailable' : 'bad-request');
      throw new SourceError(reason, { url, status: response.status });
    }
    try {
      const json: unknown = JSON.parse(text);
      log.record(url, text);
      return json;
    } catch {
      throw new SourceError('malformed', { url });
    }
  }
}

/** A base URL from the settings and a path: no double slashes. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
