/**
 * How fast is a main reader page next to the server's floor (issue 15)?
 *
 *   npm run bench:pages         (builds the app first, as `npm start` does)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:pages
 *
 * Starts the real server (production build, demo data; PGlite, or a fresh database on DATABASE_URL's server, dropped
 * afterwards) and loads it with autocannon, 16 connections, in interleaved rounds so drift on a shared machine hits
 * every target alike: GET /healthz (Express and the request context, no page, no database) and an initiative page as
 * an anonymous reader (root, layout and page loaders, server rendering). Reports requests per second and latency, and
 * the ratio page / healthz: the target is ≥ 0.3. The load generator shares the machine with the server, as it
 * does for both targets. A benchmark, never a test assertion.
 */
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { startAppServer } from '../test/support/server.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;

interface Tally {
  requests: number;
  seconds: number;
  p50: number[];
  p97_5: number[];
  errors: number;
}

async function round(url: string): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: ROUND_SECONDS, headers: { 'accept-language': 'sv' } });
}

/** A database of this benchmark's own on DATABASE_URL's server (dropped afterwards), or none: PGlite. */
async function ownDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) return { drop: async () => {} };
  const name = `h4_pages_bench_${crypto.randomBytes(3).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function main() {
  const database = await ownDatabase();
  const server = await startAppServer({ SEED_DEMO: 'true', ...(database.url ? { DATABASE_URL: database.url } : {}) });
  try {
    const list = await (await fetch(`${server.url}/insatser`)).text();
    const slug = [...list.matchAll(/href="\/insatser\/([a-z0-9-]+)"/g)].map((m) => m[1]!).find((s) => s !== 'ny' && s !== 'karta');
    if (!slug) throw new Error('no initiative on /insatser');
    const targets = { healthz: '/healthz', initiative: `/insatser/${slug}` } as const;
    for (const path of Object.values(targets)) {
      const res = await fetch(server.url + path);
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    }
    const tallies: Record<keyof typeof targets, Tally> = {
      healthz: { requests: 0, seconds: 0, p50: [], p97_5: [], errors: 0 },
      initiative: { requests: 0, seconds: 0, p50: [], p97_5: [], errors: 0 },
    };
    for (const path of Object.values(targets)) await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: 1 }); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
        const result = await round(server.url + targets[key]);
        const t = tallies[key];
        t.requests += result.requests.total;
        t.seconds += result.duration;
        t.p50.push(result.latency.p50);
        t.p97_5.push(result.latency.p97_5);
        t.errors += result.errors + result.non2xx;
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const rate = (t: Tally) => t.requests / t.seconds;
    console.log(`${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, ${CONNECTIONS} connections (autocannon; production build, ${database.url ? 'PostgreSQL' : 'PGlite'}, demo data, anonymous)`);
    for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
      const t = tallies[key];
      console.log(`GET ${targets[key].padEnd(48)} ${rate(t).toFixed(1).padStart(8)} req/s   p50 ${median(t.p50)} ms   p97.5 ${median(t.p97_5)} ms   errors ${t.errors}`);
    }
    console.log(`ratio initiative page / healthz (requests per second): ${(rate(tallies.initiative) / rate(tallies.healthz)).toFixed(2)}`);
  } finally {
    await server.stop();
    await database.drop();
  }
}

await main();
