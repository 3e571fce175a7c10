import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
} from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMeiliClient,
  createNodeHttpClient,
  getMeiliApiError,
  getMeiliErrorCode,
} from '#search/http-client.server.ts';
import { startMeilisearch, type MeiliProcess } from '#search/launcher.server.ts';

interface Doc {
  id: number;
  title: string;
  body: string;
}

const DOCS: Doc[] = [
  { id: 1, title: 'Städdag i parken', body: 'Vi plockar skräp längs ån på lördag.' },
  { id: 2, title: 'Läxhjälp för högstadiet', body: 'Frivilliga hjälper till med matte och svenska.' },
  { id: 3, title: 'Cykelverkstad', body: 'Laga din cykel tillsammans med grannarna.' },
  { id: 4, title: 'Språkcafé', body: 'Öva svenska över en kopp kaffe.' },
];

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

/** `err.cause.code`, the way application code reads it. */
function causeCode(err: unknown): unknown {
  return ((err as { cause?: { code?: unknown } }).cause ?? {}).code;
}

let dataDir: string;
let meili: MeiliProcess;
let nodeClient: Meilisearch;
let fetchClient: Meilisearch;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-meili-http-'));
  meili = await startMeilisearch({ dataDir });
  nodeClient = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
  fetchClient = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
});

afterAll(async () => {
  await meili?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('createMeiliClient against the real Meilisearch binary', () => {
  const uid = 'initiatives_http_client';

  it('creates an index, adds documents and searches', async () => {
    const created = await nodeClient.createIndex(uid, { primaryKey: 'id' }).waitTask();
    expect(created.status).toBe('succeeded');

    const added = await nodeClient.index<Doc>(uid).addDocuments(DOCS).waitTask();
    expect(added.status).toBe('succeeded');

    const index = await nodeClient.getIndex(uid);
    expect(index.uid).toBe(uid);
    expect(index.primaryKey).toBe('id');

    const res = await nodeClient.index<Doc>(uid).search('svenska');
    expect(res.hits.map((h) => h.id).sort()).toEqual([2, 4]);
    expect(res.hits.find((h) => h.id === 4)?.title).toBe('Språkcafé');

    // Same answer as through the default fetch path.
    const viaFetch = await fetchClient.index<Doc>(uid).search('svenska');
    expect(res.hits).toEqual(viaFetch.hits);

    const doc = await nodeClient.index<Doc>(uid).getDocument(3);
    expect(doc.title).toBe('Cykelverkstad');
  });

  it('handles concurrent requests beyond the socket pool size', async () => {
    const client = new Meilisearch({
      host: meili.url,
      apiKey: meili.masterKey,
      httpClient: createNodeHttpClient({ maxSockets: 2 }),
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.index<Doc>(uid).search(i % 2 ? 'cykel' : 'kaffe')),
    );
    for (const [i, r] of results.entries()) expect(r.hits[0]?.id).toBe(i % 2 ? 3 : 4);
  });

  it('reports a missing index like the default fetch client (cause.code index_not_found)', async () => {
    const viaFetch = await caught(() => fetchClient.getIndex('does_not_exist'));
    const viaNode = await caught(() => nodeClient.getIndex('does_not_exist'));

    // Default path: the MeilisearchApiError itself, body in `cause`.
    expect(viaFetch).toBeInstanceOf(MeilisearchApiError);
    expect(causeCode(viaFetch)).toBe('index_not_found');

    // httpClient path: meilisearch@0.62 wraps anything a custom httpClient
    // throws in a MeilisearchRequestError, so the outer class differs; the
    // common base class and `err.cause.code` are the same.
    expect(viaNode).toBeInstanceOf(MeilisearchError);
    expect(viaNode).toBeInstanceOf(MeilisearchRequestError);
    expect(causeCode(viaNode)).toBe(causeCode(viaFetch));

    // The inner error is built exactly like the library builds it from fetch.
    const inner = getMeiliApiError(viaNode);
    expect(inner).toBeInstanceOf(MeilisearchApiError);
    expect(inner?.name).toBe('MeilisearchApiError');
    expect(inner?.message).toBe((viaFetch as MeilisearchApiError).message);
    expect(inner?.cause).toEqual((viaFetch as MeilisearchApiError).cause);
    expect(inner?.response.status).toBe(404);
    expect(inner?.response.status).toBe((viaFetch as MeilisearchApiError).response.status);

    expect(getMeiliErrorCode(viaNode)).toBe('index_not_found');
    expect(getMeiliErrorCode(viaFetch)).toBe('index_not_found');
  });

  it('deletes documents', async () => {
    const index = nodeClient.index<Doc>(uid);
    const task = await index.deleteDocuments([1, 3]).waitTask();
    expect(task.status).toBe('succeeded');

    const rest = await index.getDocuments();
    expect(rest.results.map((d) => d.id).sort()).toEqual([2, 4]);
    expect((await index.search('cykel')).hits).toEqual([]);

    const missing = await caught(() => index.getDocument(3));
    expect(getMeiliErrorCode(missing)).toBe('document_not_found');
  });

  it('returns undefined for an empty (204) response body', async () => {
    const key = await nodeClient.createKey({ actions: ['search'], indexes: [uid], expiresAt: null });
    expect(typeof key.key).toBe('string');
    await expect(nodeClient.deleteKey(key.key)).resolves.toBeUndefined();
  });

  it('rejects a wrong API key with invalid_api_key', async () => {
    const wrongNode = createMeiliClient({ host: meili.url, apiKey: 'not-the-master-key' });
    const wrongFetch = new Meilisearch({ host: meili.url, apiKey: 'not-the-master-key' });

    const viaNode = await caught(() => wrongNode.getIndexes());
    const viaFetch = await caught(() => wrongFetch.getIndexes());

    expect(causeCode(viaFetch)).toBe('invalid_api_key');
    expect(causeCode(viaNode)).toBe('invalid_api_key');
    expect(getMeiliErrorCode(viaNode)).toBe('invalid_api_key');
    expect(getMeiliApiError(viaNode)?.response.status).toBe(403);
  });
});

describe('createNodeHttpClient timeouts and aborts', () => {
  // A server that accepts requests and never answers.
  let stall: http.Server;
  let stallUrl: string;

  beforeAll(async () => {
    stall = http.createServer(() => {});
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    stallUrl = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    stall.closeAllConnections();
    await new Promise<void>((resolve) => stall.close(() => resolve()));
  });

  it('fails with a MeilisearchRequestTimeOutError when its own deadline passes', async () => {
    const client = new Meilisearch({ host: stallUrl, httpClient: createNodeHttpClient({ timeoutMs: 200 }) });
    const err = await caught(() => client.health());
    expect(err).toBeInstanceOf(MeilisearchRequestError);
    expect((err as Error).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
    expect(((err as Error).cause as MeilisearchRequestTimeOutError).cause.timeout).toBe(200);
  });

  it("honours the meilisearch client's own timeout option (signal passed in init)", async () => {
    const client = new Meilisearch({ host: stallUrl, timeout: 200, httpClient: createNodeHttpClient({ timeoutMs: 0 }) });
    const err = await caught(() => client.health());
    expect(err).toBeInstanceOf(MeilisearchRequestError);
    expect((err as Error).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
  });

  it('rejects with the abort reason when init.signal is aborted', async () => {
    const httpClient = createNodeHttpClient();
    const reason = new Error('stop');
    const ac = new AbortController();
    const pending = httpClient(new URL('/health', stallUrl), { method: 'GET', signal: ac.signal });
    setTimeout(() => ac.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
    await expect(httpClient(new URL('/health', stallUrl), { signal: ac.signal })).rejects.toBe(reason);
    httpClient.destroy();
  });
});

describe('createNodeHttpClient request shape', () => {
  // Echoes what it received, as Meilisearch would answer a JSON request.
  let echo: http.Server;
  let echoUrl: string;

  beforeAll(async () => {
    echo = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    echo.closeAllConnections();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('sends the client headers and body, and asks for an uncompressed response', async () => {
    const httpClient = createNodeHttpClient();
    const headers = new Headers({ Authorization: 'Bearer k', 'Content-Type': 'application/json' });
    const res = (await httpClient(new URL('/indexes/x/search?a=1', echoUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify({ q: 'kaffe' }),
    })) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(res.method).toBe('POST');
    expect(res.url).toBe('/indexes/x/search?a=1');
    expect(res.headers.authorization).toBe('Bearer k');
    expect(res.headers['accept-encoding']).toBe('identity');
    expect(res.headers.connection).toBe('keep-alive');
    expect(JSON.parse(res.body)).toEqual({ q: 'kaffe' });
    httpClient.destroy();
  });
});
