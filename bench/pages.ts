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
 * the ratio page / healthz: the issue's target is ≥ 0.3. The load generator shares the machine with the server, as it
 * does for both targets. A benchmark, never a test assertion.
 *
 * Twice (issue 15's page cache): with the cache for anonymous readers (PAGE_CACHE=on, what `npm start` does) and with
 * PAGE_CACHE=off (every request rendered), each phase with its own /healthz figures so each ratio is within one
 * server's run. The initiative target rotates over every demo initiative (autocannon's request list, so no single hot
 * key); home and search (`/sok?q=skola`) are measured too, with the share of answers served from memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
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

/** The server process's resident memory (Linux), to see what the stored pages add. */
function rssMiB(pid: number): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return (Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024).toFixed(0);
}

type Target = { label: string; paths: string[] };
const HIT_COUNTS = new Map<string, { hit: number; answers: number }>();

/** Pages count what X-Page-Cache said (autocannon then reads their bodies: the same cost with the cache on and off). */
async function round(base: string, target: Target): Promise<autocannon.Result> {
  const counts = HIT_COUNTS.get(target.label) ?? { hit: 0, answers: 0 };
  HIT_COUNTS.set(target.label, counts);
  const page = target.label !== 'healthz';
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: ROUND_SECONDS,
    headers: { 'accept-language': 'sv' },
    requests: target.paths.map((path) => ({
      method: 'GET' as const,
      path,
      ...(page
        ? {
            onResponse: (_status: number, _body: string, _context: object, headers: IncomingHttpHeaders | undefined) => {
              counts.answers++;
              // autocannon keeps the header names as sent (X-Page-Cache).
              if (Object.entries(headers ?? {}).some(([name, value]) => name.toLowerCase() === 'x-page-cache' && value === 'hit')) counts.hit++;
            },
          }
        : {}),
    })),
  });
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
  const lines: string[] = [];
  try {
    for (const pageCache of ['on', 'off'] as const) {
      HIT_COUNTS.clear();
      const server = await startAppServer({ SEED_DEMO: 'true', PAGE_CACHE: pageCache, ...(database.url ? { DATABASE_URL: database.url } : {}) });
      try {
        const list = await (await fetch(`${server.url}/insatser`)).text();
        const slugs = [...new Set([...list.matchAll(/href="\/insatser\/([a-z0-9-]+)"/g)].map((m) => m[1]!))].filter((s) => s !== 'ny' && s !== 'karta');
        if (slugs.length === 0) throw new Error('no initiative on /insatser');
        const targets: Target[] = [
          { label: 'healthz', paths: ['/healthz'] },
          { label: `initiative (${slugs.length} rotating)`, paths: slugs.map((slug) => `/insatser/${slug}`) },
          { label: 'home /', paths: ['/'] },
          { label: 'search /sok?q=skola', paths: ['/sok?q=skola'] },
        ];
        for (const target of targets)
          for (const path of target.paths) {
            const res = await fetch(server.url + path);
            if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
          }
        const tallies = targets.map((): Tally => ({ requests: 0, seconds: 0, p50: [], p97_5: [], errors: 0 }));
        for (const target of targets) await autocannon({ url: server.url + target.paths[0], connections: CONNECTIONS, duration: 1 }); // warm-up
        for (let r = 0; r < ROUNDS; r++) {
          for (const [i, target] of targets.entries()) {
            const result = await round(server.url, target);
            const t = tallies[i]!;
            t.requests += result.requests.total;
            t.seconds += result.duration;
            t.p50.push(result.latency.p50);
            t.p97_5.push(result.latency.p97_5);
            t.errors += result.errors + result.non2xx;
          }
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const rate = (t: Tally) => t.requests / t.seconds;
        const healthz = rate(tallies[0]!);
        lines.push(`PAGE_CACHE=${pageCache}: ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, ${CONNECTIONS} connections (autocannon; production build, ${database.url ? 'PostgreSQL' : 'PGlite'}, demo data, anonymous)`);
        for (const [i, target] of targets.entries()) {
          const t = tallies[i]!;
          const counts = HIT_COUNTS.get(target.label);
          const hits = counts && counts.answers > 0 ? `   from memory ${((100 * counts.hit) / counts.answers).toFixed(1)} %` : '';
          const ratio = i === 0 ? '' : `   ${(rate(t) / healthz).toFixed(2)}× healthz`;
          lines.push(`  GET ${target.label.padEnd(30)} ${rate(t).toFixed(1).padStart(8)} req/s   p50 ${median(t.p50)} ms   p97.5 ${median(t.p97_5)} ms   errors ${t.errors}${ratio}${hits}`);
        }
        lines.push(`  server RSS after the rounds: ${rssMiB(server.pid)} MiB`);
      } finally {
        await server.stop();
      }
    }
    console.log(lines.join('\n'));
  } finally {
    await database.drop();
  }
}

await main();
