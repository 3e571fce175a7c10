/**
 * For working on search performance: the pieces of `bench/search.ts` on a
 * corpus that is kept between runs, so one change can be tried in seconds
 * instead of the full benchmark's minutes. Not a benchmark of record: the
 * figures for the README come from `npm run bench:search`.
 *
 *   npx tsx bench/search-dev.ts setup     create database samverka_benchdev + corpus + index (once)
 *   npx tsx bench/search-dev.ts search    GET /sok vs the same request to Meilisearch (ROUNDS, default 10)
 *   npx tsx bench/search-dev.ts load      GET /sok vs Meilisearch direct under load (CONNECTIONS, default 8; SECONDS, default 8),
 *                                         as bench/search.ts runs it, with the CPU each process spent per request
 *                                         (SIDES: the order, from /sok, /sok.data, direct, /healthz, /logga-in;
 *                                         SERVER_NODE_OPTIONS: Node flags instead of npm start's)
 *   npx tsx bench/search-dev.ts compare   two or more checkouts' servers side by side (VARIANTS, PAGES, ROUNDS; see compare())
 *   npx tsx bench/search-dev.ts drain     raw bulk ingest vs outbox drain of the first INGEST (default 20 000)
 *                                         into a throw-away Meilisearch
 *   npx tsx bench/search-dev.ts reindex   a full reindex() of the kept corpus into a throw-away Meilisearch
 *   npx tsx bench/search-dev.ts drop      removes the database and the kept Meilisearch data
 *
 * `search` takes KINDS (a comma list of app, direct, data, healthz) and PROFILE=1:
 * the server then runs with bench/profile-hook.mjs, and where its CPU went per
 * request is printed at the end (bench/profile-summary.ts).
 *
 * DATABASE_URL as for the benchmark (default postgres://postgres@127.0.0.1:5432/postgres);
 * state lives in the database samverka_benchdev and in /tmp/samverka-benchdev.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { loadConfig } from '#app/config.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { silentLogger } from '#app/log.server.ts';
import { documentText } from '#app/search.server.ts';
import type { Services } from '#app/services.server.ts';
import { openDatabase } from '#db/client.server.ts';
import { initiativeAreas, initiatives, jobs, organizations } from '#db/schema/index.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { initiativeDocuments, type SearchDocument } from '#search/documents.server.ts';
import { deleteIndexIfExists, ensureIndex } from '#search/engine.server.ts';
import { createMeiliClient } from '#search/http-client.server.ts';
import { startMeilisearch } from '#search/launcher.server.ts';
import { assertSucceeded, enqueueSearchSyncMany } from '#search/outbox.server.ts';
import { reindex } from '#search/reindex.server.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { withDatabase } from '#test/support/global-postgres.ts';
import { buildApp, startAppServer } from '#test/support/server.ts';
import { directSearchBody, makeInitiative, QUERIES, request, searchPagePath, stats } from './corpus.ts';
import { closedLoop, cpuSecondsMatching, npmStartNodeOptions, treeCpuSeconds, type LoadTarget } from './load.ts';
import { summarizeProfile } from './profile-summary.ts';

const mode = process.argv[2] ?? 'search';
const CORPUS = Number(process.env.BENCH_CORPUS ?? 100_000);
const INGEST = Number(process.env.INGEST ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const DB_NAME = 'samverka_benchdev';
const STATE = path.join(os.tmpdir(), 'samverka-benchdev');
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(adminUrl, DB_NAME);
const t0 = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const ms = (x: number) => x.toFixed(1);
const show = (label: string, xs: number[]) => {
  const s = stats(xs);
  console.log(`${label.padEnd(14)} p50 ${ms(s.p50).padStart(6)}  p95 ${ms(s.p95).padStart(6)}  mean ${ms(s.mean).padStart(6)} ms`);
  return s;
};

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const stops: (() => unknown)[] = [() => admin.end({ timeout: 5 })];
try {
  if (mode === 'drop') {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    fs.rmSync(STATE, { recursive: true, force: true });
  } else if (mode === 'setup') await setup();
  else if (mode === 'search') await search();
  else if (mode === 'load') await load();
  else if (mode === 'compare') await compare();
  else if (mode === 'drain') await drain();
  else if (mode === 'reindex') await timeReindex();
  else throw new Error(`unknown mode ${mode}`);
} finally {
  for (const stop of stops.reverse()) await stop();
}

async function openKept() {
  const database = await openDatabase({ url: databaseUrl });
  stops.push(() => database.close());
  const meili = await startMeilisearch({ dataDir: path.join(STATE, 'meili') });
  stops.push(() => meili.stop());
  return { db: database.db, meili, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) };
}

/** A page's requests for `load` and `compare`: `/sok` stands for the benchmark's queries, in turn. */
function pageTargets(app: { url: string }, page: string): LoadTarget[] {
  return page === '/sok' ? QUERIES.map((query) => ({ url: new URL(searchPagePath(query), app.url) })) : [{ url: new URL(page, app.url) }];
}

/** `VARIANTS="label=/checkout|node flags;…"`: checkouts (each with its own `npm run build`) and, optionally, Node flags. */
function parseVariants() {
  return (process.env.VARIANTS ?? `current=${root}`).split(';').map((spec) => {
    const label = spec.slice(0, spec.indexOf('='));
    const [dir, flags] = spec.slice(label.length + 1).split('|') as [string, string | undefined];
    return { label, dir, flags: flags ?? npmStartNodeOptions() };
  });
}

/**
 * Two or more versions of the server side by side, each started from its own checkout (built there first with
 * `npm run build`), measured in turns on the same pages so that the machine's drift touches all alike:
 * VARIANTS="before=/work/wt/base;after=/work/main" (a `|flags` suffix gives that server its own Node flags).
 * Prints requests/s and the app's CPU per request (its process tree) for each page and variant, per round and in sum.
 */
async function compare() {
  const { meili } = await openKept();
  const connections = Number(process.env.CONNECTIONS ?? 8);
  const seconds = Number(process.env.SECONDS ?? 6);
  const rounds = Number(process.env.ROUNDS ?? 3);
  const variants = [];
  for (const { label, dir, flags } of parseVariants()) {
    const app = await startAppServer(
      { DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false', WEB_CONCURRENCY: String(os.availableParallelism()), NODE_OPTIONS: flags },
      { cwd: dir },
    );
    stops.push(() => app.stop());
    variants.push({ label, app });
  }
  const pages = (process.env.PAGES ?? '/sok,/logga-in').split(',');
  for (const v of variants) for (const page of pages) await closedLoop(pageTargets(v.app, page), connections, 2); // warm-up
  const sums = new Map<string, { requests: number; seconds: number; cpu: number }>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const page of pages) {
      for (const v of order) {
        const before = treeCpuSeconds(v.app.pid);
        const r = await closedLoop(pageTargets(v.app, page), connections, seconds);
        const cpu = treeCpuSeconds(v.app.pid) - before;
        const key = `${page} ${v.label}`;
        const sum = sums.get(key) ?? { requests: 0, seconds: 0, cpu: 0 };
        sums.set(key, { requests: sum.requests + r.requests, seconds: sum.seconds + r.seconds, cpu: sum.cpu + cpu });
        console.log(`round ${round + 1} ${key.padEnd(24)} ${r.perSecond.toFixed(0).padStart(5)} req/s  app CPU ${((cpu * 1000) / r.requests).toFixed(2)} ms/request`);
      }
    }
  }
  console.log('--- all rounds');
  for (const [key, s] of sums) console.log(`${key.padEnd(24)} ${(s.requests / s.seconds).toFixed(0).padStart(5)} req/s  app CPU ${((s.cpu * 1000) / s.requests).toFixed(2)} ms/request`);
}

/** As bench/search.ts's load part (one HTTP worker per core, npm start's flags), plus where the CPU went. */
async function load() {
  const { meili } = await openKept();
  buildApp();
  const connections = Number(process.env.CONNECTIONS ?? 8);
  const seconds = Number(process.env.SECONDS ?? 8);
  // PROFILE=1: one worker (one profile), sampled as in `search`; the summary covers the measured runs only.
  const profileDir = process.env.PROFILE === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-profile-')) : null;
  const workers = profileDir ? 1 : os.availableParallelism();
  const nodeOptions = [process.env.SERVER_NODE_OPTIONS ?? npmStartNodeOptions(), profileDir ? `--import ${path.join(import.meta.dirname, 'profile-hook.mjs')}` : ''].join(' ').trim();
  const serverStarted = performance.now();
  const app = await startAppServer({ DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false', WEB_CONCURRENCY: String(workers), NODE_OPTIONS: nodeOptions, ...(profileDir ? { PROFILE_DIR: profileDir } : {}) });
  stops.push(() => app.stop());
  const searchUrl = new URL(`/indexes/${CONTENT_INDEX}/search`, meili.url);
  const searchTargets = pageTargets(app, '/sok');
  const directTargets: LoadTarget[] = QUERIES.map((query) => ({
    url: searchUrl,
    method: 'POST',
    headers: { authorization: `Bearer ${meili.masterKey}`, 'content-type': 'application/json' },
    body: directSearchBody(query),
  }));
  const processes = {
    app: (c: string) => c.includes('app/server/main.ts'),
    meilisearch: (c: string) => c.includes('meilisearch') && !c.startsWith('sh '),
    postgres: (c: string) => c.startsWith('postgres: '),
    bench: (c: string) => c.includes('bench/search-dev.ts'),
  };
  await closedLoop(searchTargets, connections, 2); // warm-up
  await closedLoop(directTargets, connections, 2);
  const sides: Record<string, LoadTarget[]> = {
    '/sok': searchTargets,
    // The same loaders as data for a client-side navigation: no React render, no layout.
    '/sok.data': QUERIES.map((query) => ({ url: new URL(searchPagePath(query).replace('/sok?', '/sok.data?'), app.url) })),
    direct: directTargets,
    '/healthz': [{ url: new URL('/healthz', app.url) }],
    '/logga-in': [{ url: new URL('/logga-in', app.url) }],
  };
  const order = (process.env.SIDES ?? '/sok,direct,/sok,direct').split(',');
  const measuredFrom = (performance.now() - serverStarted) / 1000;
  let measured = 0;
  for (const [side, targets] of order.map((side) => [side, sides[side]!] as const)) {
    const before = Object.fromEntries(Object.entries(processes).map(([k, m]) => [k, cpuSecondsMatching(m)]));
    const r = await closedLoop(targets, connections, seconds);
    const cpu = Object.entries(processes).map(([k, m]) => `${k} ${(((cpuSecondsMatching(m) - before[k]!) * 1000) / r.requests).toFixed(2)}`);
    console.log(`${side.padEnd(7)} ${connections} connections: ${r.perSecond.toFixed(0).padStart(4)} req/s, p50 ${r.p50.toFixed(1)} ms; CPU ms per request: ${cpu.join(', ')}`);
    if (side !== 'direct') measured += r.requests;
  }
  if (profileDir) {
    await app.stop(); // the hook writes the profile on SIGTERM
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile in ${profileDir}`);
    console.log(`\n${summarizeProfile(path.join(profileDir, file), measured, measuredFrom)}\nprofile: ${path.join(profileDir, file)} (measured from ${measuredFrom.toFixed(1)} s)`);
  }
}

async function setup() {
  const [exists] = await admin<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${DB_NAME}`;
  if (!exists?.n) await admin.unsafe(`create database ${DB_NAME}`);
  const { db, client } = await openKept();
  await seedAreas(db);
  const [have] = await db.select({ n: sql<number>`count(*)::int` }).from(initiatives);
  if ((have?.n ?? 0) === 0) {
    const [org] = await db.insert(organizations).values({ slug: 'bench-dev', name: 'Nätverket mot segregation (benchmark)', sector: 'civilsamhalle', orgNumber: '802400-0000', verifiedAt: new Date() }).returning({ id: organizations.id });
    for (let start = 0; start < CORPUS; start += 2_000) {
      const chunk = Array.from({ length: Math.min(2_000, CORPUS - start) }, (_, i) => makeInitiative(start + i + 1, org!.id));
      await db.transaction(async (tx) => {
        await tx.insert(initiatives).values(chunk.map((c) => c.row));
        await tx.insert(initiativeAreas).values(chunk.flatMap((c) => c.areaCodes.map((areaCode) => ({ initiativeId: c.row.id!, areaCode }))));
      });
    }
    await db.execute(sql`analyze`);
    log(`inserted ${CORPUS}`);
  }
  const stats = await client.index(CONTENT_INDEX).getStats().catch(() => null);
  if (!stats || stats.numberOfDocuments === 0) {
    const r = await reindex(db, client, documentText);
    log(`indexed ${r.indexed}`);
  }
  log('ready');
}

function servicesFor(db: Services['db'], meili: { url: string; masterKey: string }, tmp: string): Services {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: tmp, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false' });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db });
  stops.push(() => mailer.close());
  return { config, db, dbKind: 'postgres', search: { available: true, url: meili.url, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) }, mailer, uploads: createAttachmentStore(config.uploadsDir), logger: silentLogger };
}

async function drain() {
  const database = await openDatabase({ url: databaseUrl });
  stops.push(() => database.close());
  const { db } = database;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-benchdev-drain-'));
  stops.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const meili = await startMeilisearch({ dataDir: path.join(tmp, 'meili') });
  stops.push(() => meili.stop());
  const client = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
  const docs: SearchDocument[] = [];
  let t = performance.now();
  for (let after = '00000000-0000-0000-0000-000000000000'; docs.length < INGEST; ) {
    const page = await initiativeDocuments(db, { after, limit: Math.min(5_000, INGEST - docs.length) }, documentText);
    if (page.length === 0) break;
    docs.push(...page);
    after = page.at(-1)!.id.replace(/^initiative-/, '');
  }
  log(`built ${docs.length} documents in ${ms(performance.now() - t)} ms`);
  if (process.env.SKIP_RAW !== '1') {
    await ensureIndex(client, 'bench_raw');
    t = performance.now();
    for (let i = 0; i < docs.length; i += 5_000) await assertSucceeded(await client.index('bench_raw').addDocuments(docs.slice(i, i + 5_000), { primaryKey: 'id' }).waitTask({ timeout: 600_000 }));
    const rawSec = (performance.now() - t) / 1000;
    log(`raw: ${(docs.length / rawSec).toFixed(0)} docs/s (${rawSec.toFixed(1)} s)`);
    await deleteIndexIfExists(client, 'bench_raw');
  }
  await ensureIndex(client, CONTENT_INDEX);
  await db.delete(jobs);
  const refs = docs.map((d) => ({ type: 'initiative' as const, id: d.id.replace(/^initiative-/, '') }));
  for (let i = 0; i < refs.length; i += 5_000) await enqueueSearchSyncMany(db, refs.slice(i, i + 5_000));
  const services = servicesFor(db, meili, tmp);
  t = performance.now();
  const ran = await runDueJobs(services);
  const drainSec = (performance.now() - t) / 1000;
  const n = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(sql`${jobs.status} <> 'done'`);
  log(`drain: ran ${ran}, index holds ${n}, not done ${left?.n}: ${(refs.length / drainSec).toFixed(0)} docs/s (${drainSec.toFixed(1)} s)`);
  if (process.env.BATCHES) {
    const { results } = await client.batches.getBatches({ limit: 60, indexUids: [CONTENT_INDEX] });
    for (const b of results.reverse()) console.log(`batch ${b.uid}: ${JSON.stringify(b.stats.status)} tasks ${b.stats.totalNbTasks} docs ${JSON.stringify(b.details).slice(0, 80)} ${b.duration} ${b.batchStrategy ?? ''}`);
  }
  await db.delete(jobs);
}

async function timeReindex() {
  const database = await openDatabase({ url: databaseUrl });
  stops.push(() => database.close());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-benchdev-reindex-'));
  stops.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const meili = await startMeilisearch({ dataDir: path.join(tmp, 'meili') });
  stops.push(() => meili.stop());
  const client = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
  const t = performance.now();
  const r = await reindex(database.db, client, documentText);
  const sec = (performance.now() - t) / 1000;
  log(`reindex: ${r.indexed} documents in ${sec.toFixed(1)} s = ${(r.indexed / sec).toFixed(0)} docs/s; index holds ${(await client.index(CONTENT_INDEX).getStats()).numberOfDocuments}`);
}

async function search() {
  const { meili } = await openKept();
  buildApp();
  log('built');
  const profileDir = process.env.PROFILE === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-profile-')) : null;
  const profiling: Record<string, string> = profileDir ? { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, 'profile-hook.mjs')}`, PROFILE_DIR: profileDir } : {};
  const serverStarted = performance.now();
  const app = await startAppServer({ DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false', ...profiling });
  stops.push(() => app.stop());
  const startupSeconds = (performance.now() - serverStarted) / 1000;
  const appAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const meiliAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  stops.push(() => (appAgent.destroy(), meiliAgent.destroy()));
  const searchUrl = new URL(`/indexes/${CONTENT_INDEX}/search`, meili.url);
  const paths = QUERIES.map((query) => {
    const page = searchPagePath(query);
    const body = directSearchBody(query);
    const headers = { authorization: `Bearer ${meili.masterKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'accept-encoding': 'identity' };
    return {
      app: () => request(appAgent, new URL(page, app.url)),
      data: () => request(appAgent, new URL(page.replace('/sok?', '/sok.data?'), app.url)),
      healthz: () => request(appAgent, new URL('/healthz', app.url)),
      direct: () => request(meiliAgent, searchUrl, { method: 'POST', headers, body }),
    };
  });
  type Kind = 'app' | 'direct' | 'data' | 'healthz';
  const kinds = (process.env.KINDS?.split(',') ?? ['app', 'direct', 'data', 'healthz']) as Kind[];
  const samples: Record<Kind, number[]> = { app: [], direct: [], data: [], healthz: [] };
  const served = { app: 0, data: 0, healthz: 0, direct: 0 };
  let bytes = 0;
  for (let round = -2; round < ROUNDS; round++) {
    for (const [i, p] of paths.entries()) {
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(round + 2 + i + k) % kinds.length]!;
        const t = performance.now();
        const res = await p[kind]();
        if (res.status !== 200) throw new Error(`${kind}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
        if (round >= 0) samples[kind].push(performance.now() - t);
        served[kind]++;
        if (kind === 'app') bytes = Math.max(bytes, Buffer.byteLength(res.body));
      }
    }
  }
  const a = show('app', samples.app);
  const d = show('direct', samples.direct);
  show('data', samples.data);
  show('healthz', samples.healthz);
  console.log(`ratio p50 ${(a.p50 / d.p50).toFixed(2)} p95 ${(a.p95 / d.p95).toFixed(2)} mean ${(a.mean / d.mean).toFixed(2)}; largest page ${(bytes / 1024).toFixed(1)} KiB`);
  if (process.env.SAVE_PAGE) fs.writeFileSync(process.env.SAVE_PAGE, (await paths[0]!.app()).body);
  if (profileDir) {
    await app.stop(); // the hook writes the profile on SIGTERM
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile in ${profileDir}`);
    // Start-up is left out: the first request comes a few seconds after the process starts.
    console.log(`\n${summarizeProfile(path.join(profileDir, file), served.app + served.data + served.healthz, startupSeconds + 1)}\nprofile: ${path.join(profileDir, file)}`);
  }
  void root;
}
