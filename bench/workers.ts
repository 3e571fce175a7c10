/**
 * Does `npm start` use both cores? The production server with WEB_CONCURRENCY=1 against =2 (node:cluster,
 * app/server/main.ts) on PostgreSQL, requests per second at 16 connections (issue 15).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/workers.ts   (builds the app if build/ is missing)
 *
 * Needs a PostgreSQL server (DATABASE_URL): the embedded default is always one process, so without one
 * it says so and exits 0 (skipped). One database (created and dropped here) with the demo content,
 * served in turn by 1, 2, 2 and 1 workers (each start with its own data dir and bundled Meilisearch; the
 * order evens out drift); each time, after a warm-up, CONNECTIONS closed-loop clients for SECONDS
 * against an initiative page and against `/sok?q=…`. Reports requests/s per setting and the ratio
 * 2 workers / 1 worker. On a shared machine the ratio is bounded by what else runs: Meilisearch, PostgreSQL
 * and the load generator itself share the same two cores.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { withDatabase } from '#test/support/global-postgres.ts';
import { buildApp, startAppServer } from '#test/support/server.ts';
import { closedLoop, formatLoad, npmStartNodeOptions, type LoadTarget } from './load.ts';

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
const ORDER = [1, 2, 2, 1];
const SEARCHES = ['läxhjälp', 'trygghet', 'språkcafé', 'feriejobb', 'segregation', 'Malmö'];
const root = path.resolve(import.meta.dirname, '..');

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log('workers: skipped — cluster mode needs PostgreSQL (set DATABASE_URL); the embedded default is always one process');
    return;
  }
  if (!fs.existsSync(path.join(root, 'build/server/index.js'))) buildApp();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `samverka_bench_workers_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${dbName}`);
  const databaseUrl = withDatabase(adminUrl, dbName);
  const totals = new Map<number, { page: { requests: number; seconds: number }; search: { requests: number; seconds: number } }>();
  let initiativePath = '';
  try {
    for (const workers of ORDER) {
      const server = await startAppServer({ DATABASE_URL: databaseUrl, SEED_DEMO: 'true', WEB_CONCURRENCY: String(workers), NODE_OPTIONS: npmStartNodeOptions() });
      try {
        if (!initiativePath) {
          const browse = await (await fetch(`${server.url}/insatser`)).text();
          initiativePath = /href="(\/insatser\/[a-z0-9-]+)"/.exec(browse)?.[1] ?? '';
          if (!initiativePath) throw new Error('no initiative link on /insatser');
        }
        const page: LoadTarget[] = [{ url: new URL(initiativePath, server.url), headers: { 'accept-language': 'sv' } }];
        const search: LoadTarget[] = SEARCHES.map((q) => ({ url: new URL(`/sok?${new URLSearchParams({ q })}`, server.url), headers: { 'accept-language': 'sv' } }));
        // The demo content is indexed by a job after the start: wait until search finds it.
        for (let i = 0; i < 100 && !(await (await fetch(search[0]!.url)).text()).includes('/insatser/'); i++) await new Promise((r) => setTimeout(r, 200));
        await closedLoop(page, CONNECTIONS, 2);
        await closedLoop(search, CONNECTIONS, 2);
        const p = await closedLoop(page, CONNECTIONS, SECONDS);
        const s = await closedLoop(search, CONNECTIONS, SECONDS);
        if (p.failures || s.failures) throw new Error(`${workers} worker(s): ${p.failures} page and ${s.failures} search requests failed`);
        log(`${workers} worker(s): ${initiativePath} ${formatLoad(p)}; /sok ${formatLoad(s)}`);
        const t = totals.get(workers) ?? { page: { requests: 0, seconds: 0 }, search: { requests: 0, seconds: 0 } };
        t.page.requests += p.requests;
        t.page.seconds += p.seconds;
        t.search.requests += s.requests;
        t.search.seconds += s.seconds;
        totals.set(workers, t);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
  }
  const rate = (x: { requests: number; seconds: number }) => x.requests / x.seconds;
  const one = totals.get(1)!;
  const two = totals.get(2)!;
  console.log(`\n| measure | value | target |\n|---|---|---|`);
  console.log(`| setting | production build, PostgreSQL, demo content, ${CONNECTIONS} connections, ${SECONDS} s per page and setting, order ${ORDER.join(', ')} workers | |`);
  console.log(`| initiative page (${initiativePath}), requests/s 1 worker / 2 workers | ${rate(one.page).toFixed(0)} / ${rate(two.page).toFixed(0)} = ${(rate(two.page) / rate(one.page)).toFixed(2)} × | |`);
  console.log(`| GET /sok?q=… (${SEARCHES.length} queries), requests/s 1 worker / 2 workers | ${rate(one.search).toFixed(0)} / ${rate(two.search).toFixed(0)} = ${(rate(two.search) / rate(one.search)).toFixed(2)} × | |`);
  console.log('');
}

await main();
process.exit(0);
