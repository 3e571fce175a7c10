/**
 * How does search hold up at 100 000 initiatives, and what do the app's own
 * layers cost on top of Meilisearch?
 *
 *   npm run bench:search            (BENCH_CORPUS=10000 for a quick try)
 *
 * One run, on its own PostgreSQL database (created and dropped here; the
 * server comes from DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * its own temp dir and its own Meilisearch binary:
 *
 *  1. generates 100 000 published initiatives (bench/corpus.ts) with Swedish text about work
 *     against segregation and inserts them in bulk (2 000 rows a transaction);
 *  2. ingest, over the SAME first 20 000 initiatives (by id):
 *     raw   — documents built in memory first (untimed), then addDocuments in
 *             batches of 5 000, all enqueued at once and then waited for, into a
 *             fresh index with the content settings;
 *     drain — one search.sync job per initiative in the outbox (untimed), then
 *             runDueJobs() drains them into the empty `content` index, as the
 *             app's worker does (documents rebuilt from the database, jobs completed);
 *     then reindex() of all 100 000 (timed), so searches run on the full corpus;
 *  3. search latency for a fixed list of queries, interleaved:
 *     app    — full GET /sok?q=… from the real server process (loader + SSR page);
 *     direct — the same request straight to Meilisearch (buildSearchParams, visibility 'public');
 *     both over node:http keep-alive, sequential; plus, to see where the
 *     difference goes, the app's searchContent() called in this process,
 *     GET /sok.data?q=… (loaders without SSR), GET /healthz (the floor of any
 *     request) and GET /logga-in (the floor of any page: root loader + SSR of
 *     a small page, no search); then throughput under load, 8 and 32 clients on
 *     each side in turns, with the CPU each side's processes spent per request;
 *  4. prints a Markdown table and removes everything it created, also on error,
 *     on Ctrl-C and when the watchdog (BENCH_TIMEOUT_MIN, default 30: a 100 000-initiative run takes 8–15 min on a shared 2-core machine) fires.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { loadConfig } from '#app/config.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { silentLogger } from '#app/log.server.ts';
import { ANONYMOUS } from '#app/policy.ts';
import { documentText, searchContent } from '#app/search.server.ts';
import type { Services } from '#app/services.server.ts';
import { openDatabase, type Db } from '#db/client.server.ts';
import { jobs } from '#db/schema/index.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { initiativeDocuments, type SearchDocument } from '#search/documents.server.ts';
import { deleteIndexIfExists, ensureIndex } from '#search/engine.server.ts';
import { createMeiliClient } from '#search/http-client.server.ts';
import { startMeilisearch } from '#search/launcher.server.ts';
import { assertSucceeded, enqueueSearchSyncMany, SEARCH_SYNC_JOB } from '#search/outbox.server.ts';
import { reindex } from '#search/reindex.server.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { withDatabase } from '#test/support/global-postgres.ts';
import { buildApp, startAppServer } from '#test/support/server.ts';
import { describe, directSearchBody, insertCorpus, QUERIES, request, searchPagePath, stats } from './corpus.ts';
import { closedLoop, npmStartNodeOptions, treeCpuSeconds, type LoadTarget } from './load.ts';

const CORPUS = Number(process.env.BENCH_CORPUS ?? 100_000);
const INGEST = Math.min(20_000, CORPUS);
const RAW_BATCH = 5_000;
const ROUNDS = 20;
const WARMUP_ROUNDS = 2;
const TIMEOUT_MIN = Number(process.env.BENCH_TIMEOUT_MIN ?? 30);
const RAW_INDEX = 'bench_raw';
/** Throughput under load (issue 15): closed-loop clients, each side LOAD_SECONDS per round, LOAD_ROUNDS interleaved rounds. */
const LOAD_CONNECTIONS = [8, 32];
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const LOAD_ROUNDS = 2;
const WORKERS = os.availableParallelism();
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------
// Cleanup: everything created is registered here and undone in reverse order.

const cleanups: { label: string; run: () => unknown }[] = [];
const defer = (label: string, run: () => unknown) => cleanups.push({ label, run });
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (error) {
        console.error(`cleanup (${c.label}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}
const abort = (why: string, code: number) => {
  console.error(`\nbench:search: ${why} — cleaning up`);
  void cleanup().finally(() => process.exit(code));
};
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const watchdog = setTimeout(() => abort(`still running after ${TIMEOUT_MIN} min (BENCH_TIMEOUT_MIN)`, 1), TIMEOUT_MIN * 60_000);

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const seconds = (from: number) => (performance.now() - from) / 1000;


// ---------------------------------------------------------------------------

function buildIsStale(): boolean {
  const built = path.join(root, 'build/server/index.js');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return ['app', 'db', 'search'].some((dir) =>
    fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).some((f) => fs.statSync(path.join(root, dir, f)).mtimeMs > builtAt),
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The server serves build/; a test run elsewhere may be rebuilding it right now, so wait a little before building it ourselves. */
async function ensureBuild(): Promise<void> {
  const built = path.join(root, 'build/server/index.js');
  for (let i = 0; i < 60 && !fs.existsSync(built); i++) await sleep(1000);
  if (!buildIsStale()) return;
  log('production build missing or older than the sources: building (npx remix vite:build)…');
  const t = performance.now();
  buildApp();
  log(`built in ${seconds(t).toFixed(1)} s`);
}

/** startAppServer, retried when build/ vanished under it (another process rebuilding it). */
async function startApp(env: Record<string, string>): Promise<Awaited<ReturnType<typeof startAppServer>>> {
  for (let attempt = 1; ; attempt++) {
    await ensureBuild();
    try {
      return await startAppServer(env);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('build/server/index.js')) throw error;
      log('build/ disappeared while the server started (rebuilt elsewhere?); trying again');
    }
  }
}

async function pageOfDocuments(db: Db, after: string, limit: number): Promise<SearchDocument[]> {
  return initiativeDocuments(db, { after, limit }, documentText);
}

async function main() {
  const figures: { measure: string; value: string; target?: string }[] = [];
  const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  log(`corpus ${CORPUS}, ingest comparison on the first ${INGEST}, ${cores} cores, node ${process.version}`);

  await ensureBuild();

  // 1. Database and corpus -------------------------------------------------
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-search-'));
  defer('temp dir', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `samverka_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  defer('admin connection', () => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database ${dbName}`);
  defer(`drop database ${dbName}`, () => admin.unsafe(`drop database if exists ${dbName} with (force)`));
  const databaseUrl = withDatabase(adminUrl, dbName);
  const [{ version: pgVersion } = { version: '?' }] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  const database = await openDatabase({ url: databaseUrl });
  defer('database pool', () => database.close());
  const { db } = database;
  await seedAreas(db);
  log(`database ${dbName} migrated, areas seeded`);

  const { partners, seconds: insertSec } = await insertCorpus(db, CORPUS);
  let t = performance.now();
  log(`inserted ${CORPUS} initiatives in ${insertSec.toFixed(1)} s (${partners} with visibility 'partners')`);
  figures.push({ measure: 'corpus', value: `${CORPUS.toLocaleString('sv-SE')} published initiatives (${((100 * partners) / CORPUS).toFixed(1)} % 'partners'), 1 organisation` });
  figures.push({ measure: 'corpus insert into PostgreSQL (generated, 2 000 rows/transaction)', value: `${insertSec.toFixed(1)} s` });

  // 2. Meilisearch and the two ingest paths ------------------------------------
  const meili = await startMeilisearch({ dataDir: path.join(tmp, 'meili') });
  defer('meilisearch', () => meili.stop());
  const client = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
  const { pkgVersion: meiliVersion } = await client.getVersion();
  log(`Meilisearch ${meiliVersion} at ${meili.url}`);

  const docs: SearchDocument[] = [];
  for (let after = ZERO_UUID; docs.length < INGEST; ) {
    const page = await pageOfDocuments(db, after, Math.min(RAW_BATCH, INGEST - docs.length));
    if (page.length === 0) break;
    docs.push(...page);
    after = page.at(-1)!.id.replace(/^initiative-/, '');
  }
  const bytes = Buffer.byteLength(JSON.stringify(docs));
  log(`built ${docs.length} documents in memory (${(bytes / docs.length / 1024).toFixed(1)} KiB each as JSON)`);

  await deleteIndexIfExists(client, RAW_INDEX);
  await ensureIndex(client, RAW_INDEX);
  t = performance.now();
  // The strongest raw form: every batch handed over at once, so Meilisearch may merge them, then waited for.
  const rawTasks = [];
  for (let i = 0; i < docs.length; i += RAW_BATCH) rawTasks.push(await client.index(RAW_INDEX).addDocuments(docs.slice(i, i + RAW_BATCH), { primaryKey: 'id' }));
  for (const task of rawTasks) await assertSucceeded(await client.tasks.waitForTask(task, { timeout: 600_000 }));
  const rawSec = seconds(t);
  const rawCount = (await client.index(RAW_INDEX).getStats()).numberOfDocuments;
  if (rawCount !== docs.length) throw new Error(`raw index holds ${rawCount} documents, expected ${docs.length}`);
  const rawRate = docs.length / rawSec;
  log(`raw ingest: ${docs.length} docs in ${rawSec.toFixed(1)} s = ${rawRate.toFixed(0)} docs/s`);
  await deleteIndexIfExists(client, RAW_INDEX);

  await deleteIndexIfExists(client, CONTENT_INDEX);
  await ensureIndex(client, CONTENT_INDEX);
  const refs = docs.map((d) => ({ type: 'initiative' as const, id: d.id.replace(/^initiative-/, '') }));
  for (let i = 0; i < refs.length; i += RAW_BATCH) await enqueueSearchSyncMany(db, refs.slice(i, i + RAW_BATCH));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmp, 'worker-data'),
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    SEED_DEMO: 'false',
  });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db });
  defer('mailer', () => mailer.close());
  const services: Services = {
    config,
    db,
    dbKind: 'postgres',
    search: { available: true, url: meili.url, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) },
    mailer,
    uploads: createAttachmentStore(config.uploadsDir),
    logger: silentLogger,
  };
  t = performance.now();
  const ran = await runDueJobs(services);
  const drainSec = seconds(t);
  const drained = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
  const [notDone] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(eq(jobs.kind, SEARCH_SYNC_JOB), sql`${jobs.status} <> 'done'`));
  if (ran !== refs.length || drained !== refs.length || (notDone?.n ?? 0) > 0) {
    throw new Error(`outbox drain: ran ${ran} jobs, index holds ${drained}, ${notDone?.n} jobs not done (expected ${refs.length})`);
  }
  const drainRate = refs.length / drainSec;
  const ingestRatio = drainRate / rawRate;
  log(`outbox drain: ${refs.length} jobs in ${drainSec.toFixed(1)} s = ${drainRate.toFixed(0)} docs/s (drain/raw ${ingestRatio.toFixed(2)})`);
  figures.push({ measure: `raw bulk ingest, first ${INGEST.toLocaleString('sv-SE')} by id (addDocuments ×${RAW_BATCH.toLocaleString('sv-SE')}, all enqueued, then waited for)`, value: `${rawRate.toFixed(0)} docs/s (${rawSec.toFixed(1)} s)` });
  figures.push({ measure: `outbox drain, same ${INGEST.toLocaleString('sv-SE')} (search.sync jobs → runDueJobs)`, value: `${drainRate.toFixed(0)} docs/s (${drainSec.toFixed(1)} s)` });
  figures.push({ measure: 'ratio drain/raw', value: ingestRatio.toFixed(2), target: `≥ 0.8 ${ingestRatio >= 0.8 ? '✓' : '✗'}` });

  t = performance.now();
  const result = await reindex(db, client, documentText);
  const reindexSec = seconds(t);
  const indexed = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
  if (indexed !== CORPUS) throw new Error(`after reindex the index holds ${indexed} documents, expected ${CORPUS}`);
  // The replay (changes made while the build ran) would otherwise keep the app's worker busy during the searches.
  if (result.replayed > 0) await runDueJobs(services);
  log(`reindex: ${result.indexed} docs in ${reindexSec.toFixed(1)} s = ${(result.indexed / reindexSec).toFixed(0)} docs/s (replayed ${result.replayed})`);
  figures.push({ measure: `full reindex() of ${CORPUS.toLocaleString('sv-SE')} (batches of 1 000, build + swap)`, value: `${reindexSec.toFixed(1)} s = ${(result.indexed / reindexSec).toFixed(0)} docs/s` });

  // 3. Search latency: the app's page against Meilisearch directly ---------------
  // As `npm start` runs with DATABASE_URL: one HTTP worker per core (node:cluster), its Node flags.
  const app = await startApp({ DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false', WEB_CONCURRENCY: String(WORKERS), NODE_OPTIONS: npmStartNodeOptions() });
  defer('app server', () => app.stop());
  log(`app server at ${app.url} (${WORKERS} HTTP workers)`);
  const appAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const meiliAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  defer('http agents', () => {
    appAgent.destroy();
    meiliAgent.destroy();
  });
  const searchUrl = new URL(`/indexes/${CONTENT_INDEX}/search`, meili.url);
  /** Diagnostic baseline: Express + Remix + one `select 1`, no search, no page. */
  const healthzUrl = new URL('/healthz', app.url);
  const healthz = async () => {
    const res = await request(appAgent, healthzUrl);
    if (res.status !== 200) throw new Error(`GET /healthz: HTTP ${res.status}`);
  };
  /** Diagnostic baseline: the smallest document the app serves (the sign-in form), no search. */
  const signInUrl = new URL('/logga-in', app.url);
  const signIn = async () => {
    const res = await request(appAgent, signInUrl);
    if (res.status !== 200) throw new Error(`GET /logga-in: HTTP ${res.status}`);
  };

  const paths = QUERIES.map((query) => {
    const page = searchPagePath(query);
    const pageUrl = new URL(page, app.url);
    const dataUrl = new URL(page.replace('/sok?', '/sok.data?'), app.url);
    const body = directSearchBody(query);
    const headers = { authorization: `Bearer ${meili.masterKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'accept-encoding': 'identity' };
    return {
      query,
      pageUrl,
      headers,
      body,
      app: async () => {
        const res = await request(appAgent, pageUrl);
        if (res.status !== 200) throw new Error(`GET ${pageUrl.pathname}${pageUrl.search}: HTTP ${res.status}`);
        return res.body;
      },
      /** Diagnostic: what the browser fetches when it navigates client-side (root + search loaders, single fetch), no SSR. */
      appData: async () => {
        const res = await request(appAgent, dataUrl);
        if (res.status !== 200) throw new Error(`GET ${dataUrl.pathname}${dataUrl.search}: HTTP ${res.status}`);
        return res.body;
      },
      /** Diagnostic: the app's searchContent() (meilisearch-js over createNodeHttpClient + mapping), in this process. */
      inProcess: async () => {
        const res = await searchContent(services, ANONYMOUS, { q: query.q, filters: query.filters ?? {}, sort: 'relevance', page: 1 });
        if (!res.ok) throw new Error(`searchContent ${describe(query)}: ${res.reason}`);
        return res;
      },
      direct: async () => {
        const res = await request(meiliAgent, searchUrl, { method: 'POST', headers, body });
        if (res.status !== 200) throw new Error(`Meilisearch search ${describe(query)}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
        return JSON.parse(res.body) as { totalHits: number; processingTimeMs: number; hits: { path: string }[] };
      },
    };
  });

  // Sanity and warm-up: every query finds something, and the page shows Meilisearch's first hit.
  for (const p of paths) {
    const direct = await p.direct();
    const page = await p.app();
    if (direct.totalHits === 0) throw new Error(`query ${describe(p.query)} finds nothing`);
    if (!page.includes(direct.hits[0]!.path)) throw new Error(`the page for ${describe(p.query)} does not show the first hit ${direct.hits[0]!.path}`);
  }
  for (let r = 1; r < WARMUP_ROUNDS; r++) {
    for (const p of paths) {
      await p.app();
      await p.direct();
      await p.inProcess();
      await p.appData();
      await healthz();
      await signIn();
    }
  }

  const appMs: number[] = [];
  const directMs: number[] = [];
  const inProcessMs: number[] = [];
  const dataMs: number[] = [];
  const healthzMs: number[] = [];
  const signInMs: number[] = [];
  const engineMs: number[] = [];
  const pageBytes: number[] = [];
  const hits: number[] = [];
  t = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of paths.entries()) {
      const timed = [
        async () => {
          const t0 = performance.now();
          const page = await p.app();
          appMs.push(performance.now() - t0);
          pageBytes.push(Buffer.byteLength(page));
        },
        async () => {
          const t0 = performance.now();
          const res = await p.direct();
          directMs.push(performance.now() - t0);
          engineMs.push(res.processingTimeMs);
          if (round === 0) hits.push(res.totalHits);
        },
        async () => {
          const t0 = performance.now();
          await p.inProcess();
          inProcessMs.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await p.appData();
          dataMs.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await healthz();
          healthzMs.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await signIn();
          signInMs.push(performance.now() - t0);
        },
      ];
      // Rotate who goes first so no path always profits from a warm cache.
      for (let k = 0; k < timed.length; k++) await timed[(round + i + k) % timed.length]!();
    }
  }
  log(`searched ${QUERIES.length} queries × ${ROUNDS} rounds × 6 paths in ${seconds(t).toFixed(1)} s`);
  const ms = (x: number) => x.toFixed(1);
  const row = (measure: string, xs: number[]) => {
    const x = stats(xs);
    figures.push({ measure: `${measure}, p50 / p95 / mean`, value: `${ms(x.p50)} / ${ms(x.p95)} / ${ms(x.mean)} ms` });
    return x;
  };
  const sortedHits = [...hits].sort((x, y) => x - y);
  const meanPage = pageBytes.reduce((x, y) => x + y, 0) / pageBytes.length / 1024;
  figures.push({
    measure: 'queries',
    value:
      `${QUERIES.length} (1–2 words, a typo, synonyms, å/ä/ö, 3 with a filter, 1 empty with a filter) × ${ROUNDS} rounds, interleaved; ` +
      `hits per query ${sortedHits[0]}–${sortedHits.at(-1)} (median ${sortedHits[Math.floor(sortedHits.length / 2)]}), page ${meanPage.toFixed(0)} KiB`,
  });
  const a = row('app: GET /sok?q=… (loader + SSR page)', appMs);
  const d = row('direct: POST /indexes/content/search, same params', directMs);
  const ratio = { p50: a.p50 / d.p50, p95: a.p95 / d.p95, mean: a.mean / d.mean };
  figures.push({
    measure: 'ratio app/direct, p50 / p95 / mean',
    value: `${ratio.p50.toFixed(2)} / ${ratio.p95.toFixed(2)} / ${ratio.mean.toFixed(2)} (app − direct, mean: ${ms(a.mean - d.mean)} ms)`,
    target: `≤ 1.3 ${Math.max(ratio.p50, ratio.p95, ratio.mean) <= 1.3 ? '✓' : '✗'}`,
  });
  row('diagnostic: Meilisearch processingTimeMs (direct)', engineMs);
  row('diagnostic: searchContent() called in the bench process', inProcessMs);
  row('diagnostic: GET /sok.data?q=… (client-side navigation: loaders, no SSR)', dataMs);
  row('diagnostic: GET /healthz (Express + Remix + `select 1`)', healthzMs);
  row('diagnostic: GET /logga-in (root loader + SSR of a small page, no search)', signInMs);

  // Throughput under load (issue 15): the same queries from many clients at once, the page against Meilisearch direct.
  const pageTargets: LoadTarget[] = paths.map((p) => ({ url: p.pageUrl }));
  const directTargets: LoadTarget[] = paths.map((p) => ({ url: searchUrl, method: 'POST', headers: p.headers, body: p.body }));
  // Where the machine's CPU went, per request: the app's processes, Meilisearch's, and this process (the load generator).
  // On two cores both sides are bound by CPU, so these explain the ratio: (Meilisearch + generator) over the sum of all three.
  const cpuNow = () => ({ app: treeCpuSeconds(app.pid), meili: treeCpuSeconds(meili.pid), bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 });
  for (const connections of LOAD_CONNECTIONS) {
    const zero = () => ({ requests: 0, seconds: 0, failures: 0, p50: [] as number[], cpu: { app: 0, meili: 0, bench: 0 } });
    const sums = { app: zero(), direct: zero() };
    for (let round = 0; round < LOAD_ROUNDS; round++) {
      // Alternate who goes first, so neither always runs on a machine just warmed (or heated) by the other.
      const order = round % 2 === 0 ? (['app', 'direct'] as const) : (['direct', 'app'] as const);
      for (const side of order) {
        const before = cpuNow();
        const r = await closedLoop(side === 'app' ? pageTargets : directTargets, connections, LOAD_SECONDS);
        const after = cpuNow();
        for (const k of ['app', 'meili', 'bench'] as const) sums[side].cpu[k] += after[k] - before[k];
        sums[side].requests += r.requests;
        sums[side].seconds += r.seconds;
        sums[side].failures += r.failures;
        sums[side].p50.push(r.p50);
      }
    }
    const rate = (s: typeof sums.app) => s.requests / s.seconds;
    if (sums.app.failures || sums.direct.failures) throw new Error(`load at ${connections} connections: ${sums.app.failures} page and ${sums.direct.failures} direct requests failed`);
    const loadRatio = rate(sums.app) / rate(sums.direct);
    log(`load at ${connections} connections: /sok ${rate(sums.app).toFixed(0)} req/s, direct ${rate(sums.direct).toFixed(0)} req/s → ${loadRatio.toFixed(2)}`);
    figures.push({ measure: `load, ${connections} connections: GET /sok (${WORKERS} HTTP workers) / Meilisearch direct, requests/s`, value: `${rate(sums.app).toFixed(0)} / ${rate(sums.direct).toFixed(0)} = ${loadRatio.toFixed(2)}`, target: `≥ 0.6 ${loadRatio >= 0.6 ? '✓' : '✗'}` });
    const perRequest = (s: typeof sums.app, k: keyof typeof s.cpu) => ((s.cpu[k] * 1000) / s.requests).toFixed(2);
    figures.push({
      measure: `CPU per request at ${connections} connections (ms; app processes / Meilisearch / load generator)`,
      value: `/sok ${perRequest(sums.app, 'app')} / ${perRequest(sums.app, 'meili')} / ${perRequest(sums.app, 'bench')}; direct – / ${perRequest(sums.direct, 'meili')} / ${perRequest(sums.direct, 'bench')}`,
    });
  }
  figures.push({ measure: `peak RSS of this benchmark process (corpus generation, ${INGEST.toLocaleString('sv-SE')} documents in memory)`, value: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB` });

  // 4. Report -----------------------------------------------------------------------
  const date = new Date().toISOString().slice(0, 10);
  figures.unshift({ measure: 'machine', value: `${cores} cores (nproc), Node ${process.version}, Meilisearch ${meiliVersion}, PostgreSQL ${pgVersion}, ${date}` });
  console.log(`\n| measure | value | target |\n|---|---|---|`);
  for (const f of figures) console.log(`| ${f.measure} | ${f.value} | ${f.target ?? ''} |`);
  console.log('');
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error('\nbench:search failed:', error);
} finally {
  await cleanup();
  clearTimeout(watchdog);
  log(exitCode === 0 ? 'done, everything removed' : 'cleaned up after the failure');
}
process.exit(exitCode);
