import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as search from '#app/routes/site/search.tsx';
import { createMeiliClient } from '#search/http-client.server.ts';
import { Visitor } from '../support/app.ts';
import { setUpTestApp } from '../support/setup.ts';

/** A Meilisearch that stalls (as one under SIGSTOP does): it accepts connections and never answers. */
let stalled: net.Server;
const sockets = new Set<net.Socket>();
let connections = 0;
let stalledUrl: string;

beforeAll(async () => {
  stalled = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  stalledUrl = `http://127.0.0.1:${(stalled.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => stalled?.close(resolve));
});

const app = setUpTestApp({
  search: () => ({ available: true, url: stalledUrl, client: createMeiliClient({ host: stalledUrl, apiKey: 'x'.repeat(16) }) }),
  // A short deadline for the test; the default is 3 s (SEARCH_TIMEOUT_MS).
  config: { SEARCH_TIMEOUT_MS: 200 },
});

describe('a stalled Meilisearch', () => {
  // The test's own limit is far below the client's general 30 s deadline, so a search without its own timeout fails here.
  it('gives the "temporarily unavailable" page after the search timeout instead of hanging', { timeout: 10_000 }, async () => {
    const res = await new Visitor(app.services).load(search, '/sok?q=l%C3%A4xhj%C3%A4lp');
    expect(res.status).toBe(503);
    expect(res.data.result).toBeNull();
    expect(connections).toBeGreaterThan(0); // the request did reach the stalled server
  });

  it('has a default of 3 s that the configuration can change', async () => {
    const { loadConfig, ConfigError } = await import('#app/config.server.ts');
    expect(loadConfig({}).SEARCH_TIMEOUT_MS).toBe(3000);
    expect(loadConfig({ SEARCH_TIMEOUT_MS: '1500' }).SEARCH_TIMEOUT_MS).toBe(1500);
    expect(() => loadConfig({ SEARCH_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });
});
