/**
 * HTTP path for talking to Meilisearch from Node.
 *
 * The `meilisearch` client uses the global `fetch` (undici) by default. Here we
 * plug in a small node:http / node:https client through the client's
 * `httpClient` option instead: a keep-alive agent, TCP_NODELAY on every socket
 * and, above all, uncompressed responses.
 *
 * Why (measured by `bench/http-path.ts` against Meilisearch 1.21): fetch sends
 * `Accept-Encoding: gzip, deflate, br`; Meilisearch then streams the search
 * result as a compressed chunked response in several small TCP segments, and
 * the last one waits for the client's delayed ACK (~40 ms) — p50 ~44 ms
 * instead of ~1-2 ms. The stall follows the compression, not the client
 * library or the client's Nagle setting: raw node:http asking for gzip stalls
 * the same way, with or without `setNoDelay`. So we send
 * `Accept-Encoding: identity` unless the caller sets another value (compressed
 * responses are still decoded then, but will stall again).
 *
 * Contract with meilisearch@0.62 (dist/index.js, `HttpRequests#o`):
 *  - it calls `httpClient(url: URL, init)` where `init.headers` is a `Headers`
 *    instance, `init.body` a string (or undefined) and `init.signal` an
 *    optional AbortSignal (its own `timeout` option and `waitTask()` use it);
 *  - whatever the function resolves to is returned as the response value, so
 *    we resolve to the parsed JSON body (undefined for an empty body, e.g. 204);
 *  - whatever it throws is wrapped by the library in a `MeilisearchRequestError`
 *    whose `cause` is our error. On HTTP >= 400 we throw a
 *    `MeilisearchApiError` (built exactly like the library builds it from a
 *    fetch `Response`) that additionally carries `code`, `type` and `link`, so
 *    `err.cause.code` is `'index_not_found'` etc. on both paths. Use
 *    {@link getMeiliApiError} to get at the `MeilisearchApiError` regardless of
 *    the wrapping;
 *  - on abort we reject with `signal.reason` itself, as fetch does, because the
 *    library recognises its timeout and task-timeout sentinels by identity.
 *
 * Streaming endpoints (`getStream`/`postStream`, i.e. task documents and chat
 * completions) need a `ReadableStream`; we return one when the response is
 * `text/event-stream` or `application/x-ndjson`.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline, Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type Config,
  type MeilisearchErrorResponse,
} from 'meilisearch';

export interface NodeHttpClientOptions {
  /** Maximum concurrent sockets per host (default 16). */
  maxSockets?: number;
  /**
   * Deadline for the whole request (connect, send, response body), in ms.
   * Default 30 000; 0 or Infinity disables it. On expiry the request fails with
   * a `MeilisearchRequestTimeOutError` (as the `cause` of the library's
   * `MeilisearchRequestError`, like the client's own `timeout` option).
   */
  timeoutMs?: number;
}

/** The signature the meilisearch client expects for its `httpClient` option. */
export type MeiliHttpClient = NonNullable<Config['httpClient']>;

/** A `MeiliHttpClient` that also owns its connection pool. */
export type NodeHttpClient = MeiliHttpClient & {
  /** Closes all pooled sockets. The client stays usable (new sockets are opened). */
  destroy(): void;
};

const DEFAULT_MAX_SOCKETS = 16;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Idle pooled sockets are closed after this long. */
const FREE_SOCKET_TIMEOUT_MS = 15_000;
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const STREAM_CONTENT_TYPES = ['text/event-stream', 'application/x-ndjson'];

/**
 * `MeilisearchApiError` as thrown by this client: same class, message,
 * `response` and `cause` (the error body) as the fetch path, plus the body's
 * `code`/`type`/`link` copied onto the error itself.
 */
export class NodeHttpApiError extends MeilisearchApiError {
  readonly code?: string;
  readonly type?: string;
  readonly link?: string;

  constructor(response: Response, body?: MeilisearchErrorResponse) {
    super(response, body);
    this.code = body?.code;
    this.type = body?.type;
    this.link = body?.link;
  }
}

/**
 * Returns the `MeilisearchApiError` behind `err`, whether it was thrown
 * directly (default fetch path) or wrapped in a `MeilisearchRequestError`
 * (custom `httpClient` path); otherwise undefined.
 */
export function getMeiliApiError(err: unknown): MeilisearchApiError | undefined {
  if (err instanceof MeilisearchApiError) return err;
  if (err instanceof MeilisearchRequestError && err.cause instanceof MeilisearchApiError) return err.cause;
  return undefined;
}

/** Meilisearch error code (e.g. `'index_not_found'`) of `err`, on either path. */
export function getMeiliErrorCode(err: unknown): string | undefined {
  return getMeiliApiError(err)?.cause?.code;
}

interface PreparedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
}

async function toBuffer(body: BodyInit | null | undefined): Promise<Buffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  throw new TypeError('createNodeHttpClient: unsupported request body type (use a string, bytes or Blob)');
}

async function prepare(input: URL | string | Request, init: RequestInit = {}): Promise<PreparedRequest> {
  if (input instanceof Request) {
    const headers = new Headers(input.headers);
    if (init.headers !== undefined) for (const [k, v] of new Headers(init.headers)) headers.set(k, v);
    const body =
      init.body !== undefined
        ? await toBuffer(init.body)
        : input.body === null
          ? undefined
          : Buffer.from(await input.arrayBuffer());
    return {
      url: new URL(input.url),
      method: (init.method ?? input.method).toUpperCase(),
      headers,
      body,
      signal: init.signal ?? input.signal,
    };
  }
  return {
    url: input instanceof URL ? input : new URL(input),
    method: (init.method ?? 'GET').toUpperCase(),
    headers: new Headers(init.headers),
    body: await toBuffer(init.body),
    signal: init.signal ?? undefined,
  };
}

interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** Decoded (decompressed) body stream. */
  body: Readable;
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

function decode(res: http.IncomingMessage): Readable {
  // We never ask for compression, but a caller-supplied Accept-Encoding may.
  let decoder: Transform;
  switch ((res.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      decoder = zlib.createGunzip();
      break;
    case 'deflate':
      decoder = zlib.createInflate();
      break;
    case 'br':
      decoder = zlib.createBrotliDecompress();
      break;
    default:
      return res;
  }
  // pipeline forwards errors/destruction in both directions; the reader sees them on `decoder`.
  return pipeline(res, decoder, () => {});
}

function readText(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text);
}

function isErrorBody(value: unknown): value is MeilisearchErrorResponse {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * Creates an `httpClient` for the meilisearch JS client that uses node:http /
 * node:https with a keep-alive pool and TCP_NODELAY on every socket.
 */
export function createNodeHttpClient(opts: NodeHttpClientOptions = {}): NodeHttpClient {
  const maxSockets = opts.maxSockets ?? DEFAULT_MAX_SOCKETS;
  if (!Number.isInteger(maxSockets) || maxSockets < 1) {
    throw new RangeError(`createNodeHttpClient: maxSockets must be a positive integer, got ${maxSockets}`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs >= 0)) throw new RangeError(`createNodeHttpClient: invalid timeoutMs ${timeoutMs}`);

  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets,
    noDelay: true,
    // Only affects idle pooled sockets: Node destroys a free socket on timeout
    // but merely emits 'timeout' for one in use (which we do not listen to).
    timeout: FREE_SOCKET_TIMEOUT_MS,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const tunedSockets = new WeakSet<Socket>();

  function send(req: PreparedRequest, signal: AbortSignal | undefined): Promise<RawResponse> {
    const isHttps = req.url.protocol === 'https:';
    if (!isHttps && req.url.protocol !== 'http:') {
      return Promise.reject(new TypeError(`createNodeHttpClient: unsupported protocol ${req.url.protocol}`));
    }
    const headers: http.OutgoingHttpHeaders = Object.fromEntries(req.headers);
    // Compressed responses are what triggers the delayed-ACK stall (see top of file).
    if (!req.headers.has('accept-encoding')) headers['accept-encoding'] = 'identity';
    if (req.body !== undefined && !req.headers.has('content-length')) headers['content-length'] = req.body.length;

    return new Promise<RawResponse>((resolve, reject) => {
      const options: http.RequestOptions = {
        method: req.method,
        headers,
        agent: isHttps ? httpsAgent : httpAgent,
        signal,
      };
      const onResponse = (res: http.IncomingMessage) =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: toHeaders(res.headers),
          body: decode(res),
        });
      const clientReq = isHttps
        ? https.request(req.url, options, onResponse)
        : http.request(req.url, options, onResponse);
      clientReq.on('socket', (socket: Socket) => {
        if (tunedSockets.has(socket)) return;
        tunedSockets.add(socket);
        socket.setNoDelay(true);
      });
      clientReq.on('error', (err: NodeJS.ErrnoException) => {
        // With `signal`, node rejects with an AbortError; fetch semantics (and
        // the meilisearch client's sentinel checks) need the reason itself.
        if (signal?.aborted) reject(signal.reason);
        else reject(Object.assign(err, { reusedSocket: clientReq.reusedSocket }));
      });
      clientReq.end(req.body);
    });
  }

  async function request(input: URL | string | Request, init?: RequestInit): Promise<unknown> {
    const req = await prepare(input, init);

    // One signal for the caller's abort and our own deadline.
    const controller = new AbortController();
    const outer = req.signal;
    if (outer?.aborted) throw outer.reason;
    const onOuterAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const timer =
      timeoutMs > 0 && Number.isFinite(timeoutMs)
        ? setTimeout(
            () => controller.abort(new MeilisearchRequestTimeOutError(timeoutMs, { ...init, headers: req.headers })),
            timeoutMs,
          )
        : undefined;

    try {
      let res: RawResponse;
      try {
        res = await send(req, controller.signal);
      } catch (err) {
        // A pooled socket the server closed while idle: retry once on a fresh one.
        const e = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
        const stale = e.reusedSocket === true && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
        if (!stale || !IDEMPOTENT_METHODS.has(req.method) || controller.signal.aborted) throw err;
        res = await send(req, controller.signal);
      }

      const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
      if (res.status < 400 && STREAM_CONTENT_TYPES.some((t) => contentType.startsWith(t))) {
        // The caller consumes the stream; the deadline no longer applies.
        return Readable.toWeb(res.body) as ReadableStream<Uint8Array>;
      }

      const text = await readTextAbortable(res.body, controller.signal);
      if (res.status >= 400) {
        let body: unknown;
        try {
          body = parseJson(text);
        } catch {
          body = undefined; // non-JSON error page (e.g. a proxy): keep status text
        }
        const response = new Response(text === '' ? null : text, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        });
        throw new NodeHttpApiError(response, isErrorBody(body) ? body : undefined);
      }
      if (res.status === 204 || res.status === 205 || res.status === 304) return undefined;
      return parseJson(text);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }

  function readTextAbortable(body: Readable, signal: AbortSignal): Promise<string> {
    if (signal.aborted) {
      body.destroy();
      return Promise.reject(signal.reason);
    }
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => {
        body.destroy();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      readText(body).then(
        (text) => {
          signal.removeEventListener('abort', onAbort);
          resolve(text);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? signal.reason : err);
        },
      );
    });
  }

  return Object.assign(request, {
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

export interface MeiliClientOptions {
  host: string;
  apiKey?: string;
}

/** A meilisearch client that talks to the server through {@link createNodeHttpClient}. */
export function createMeiliClient(opts: MeiliClientOptions): Meilisearch {
  return new Meilisearch({ host: opts.host, apiKey: opts.apiKey, httpClient: createNodeHttpClient() });
}
