/**
 * How fast is the read API next to the HTML browse page it mirrors?
 *
 *   npm run bench:api           (builds the app first, as `npm start` does)
 *
 * Starts the real server (production build, demo data; PGlite, or a fresh database on
 * DATABASE_URL's server when that is set) with a rate limit high enough not to interfere,
 * then runs, in interleaved rounds so drift hits both alike, CONCURRENCY clients in a closed
 * loop for ROUND_SECONDS against GET /api/v1/initiatives?limit=100 (JSON, anonymous) and
 * GET /insatser (the server-rendered browse page, 20 per page), and reports requests per
 * second and latency. A benchmark, never a test assertion.
 */
import { startAppServer } from '../test/support/server.ts';

const ROUNDS = 3;
const ROUND_SECONDS = 5;
const CONCURRENCY = 8;
const TARGETS = { api: '/api/v1/initiatives?limit=100', html: '/insatser' } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

async function load(url: string, seconds: number): Promise<{ requests: number; latencies: number[]; bytes: number }> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let bytes = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { 'accept-language': 'sv' } });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
        bytes = body.byteLength;
      }
    }),
  );
  return { requests: latencies.length, latencies, bytes };
}

async function main() {
  const server = await startAppServer({ SEED_DEMO: 'true', API_RATE_LIMIT_IP: '1000000' });
  try {
    const items = ((await (await fetch(server.url + TARGETS.api)).json()) as { items: unknown[] }).items.length;
    for (const path of Object.values(TARGETS)) await load(server.url + path, 1); // warm-up
    const results = { api: { requests: 0, latencies: [] as number[], bytes: 0 }, html: { requests: 0, latencies: [] as number[], bytes: 0 } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const key of ['api', 'html'] as const) {
        const r = await load(server.url + TARGETS[key], ROUND_SECONDS);
        results[key].requests += r.requests;
        results[key].latencies.push(...r.latencies);
        results[key].bytes = r.bytes;
      }
    }
    const seconds = ROUNDS * ROUND_SECONDS;
    console.log(`${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, ${CONCURRENCY} concurrent clients (production build, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, demo data)`);
    for (const key of ['api', 'html'] as const) {
      const r = results[key];
      console.log(
        `GET ${TARGETS[key].padEnd(32)} ${(r.requests / seconds).toFixed(1).padStart(7)} req/s   median ${median(r.latencies).toFixed(1)} ms   p95 ${p95(r.latencies).toFixed(1)} ms   ${(r.bytes / 1024).toFixed(1)} KB`,
      );
    }
    console.log(`the API page held ${items} initiatives; the HTML page shows 20 per page`);
    console.log(`ratio API / HTML (requests per second): ${(results.api.requests / results.html.requests).toFixed(2)}`);
  } finally {
    await server.stop();
  }
}

await main();
