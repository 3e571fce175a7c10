/**
 * Which HTTP path should the app use to talk to Meilisearch?
 *
 *   npx tsx bench/http-path.ts        (or: npm run bench:http)
 *
 * Starts the real Meilisearch binary in a temp dir, indexes ~2 000 small
 * Swedish documents and, in one process, times the same search through
 *   (a) the meilisearch client with its default fetch (undici),
 *   (b) the meilisearch client with createNodeHttpClient() (node:http, keep-alive, TCP_NODELAY),
 *   (c) a raw node:http keep-alive request (lower bound),
 * plus, for diagnosis, (a2) = (a) asking for an uncompressed response (fetch
 * sends Accept-Encoding: gzip, deflate, br and Meilisearch then compresses)
 * and (c2) = (c) asking for gzip.
 * The paths are measured in interleaved rounds so drift hits all of them alike.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Meilisearch } from 'meilisearch';
import { createMeiliClient, createNodeHttpClient } from '#search/http-client.server.ts';
import { startMeilisearch } from '#search/launcher.server.ts';
import { rng } from './corpus.ts'; // deterministic, so every run indexes the same data

const DOC_COUNT = 2_000;
const SEARCHES = 500;
const ROUNDS = 5;
const WARMUP = 50;
const STALL_MS = 30;
const INDEX_UID = 'bench_initiatives';
const QUERY = { q: 'svenska kaffe', limit: 20 };

interface Doc {
  id: number;
  title: string;
  body: string;
  city: string;
}

function makeDocs(n: number): Doc[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const activities = ['Städdag', 'Läxhjälp', 'Språkcafé', 'Cykelverkstad', 'Matbank', 'Stickcirkel', 'Bokbyte', 'Trädgårdsgrupp', 'Fotbollsträning', 'Läsecirkel'];
  const places = ['i parken', 'på biblioteket', 'vid ån', 'i föreningslokalen', 'på torget', 'i skolan', 'hos kyrkan', 'på fritidsgården'];
  const cities = ['Malmö', 'Göteborg', 'Uppsala', 'Umeå', 'Lund', 'Örebro', 'Västerås', 'Linköping', 'Jönköping', 'Luleå'];
  const verbs = ['Vi träffas', 'Alla är välkomna', 'Frivilliga behövs', 'Ta med en vän', 'Ingen anmälan krävs'];
  const topics = ['för att öva svenska', 'och dricker kaffe', 'med barn och föräldrar', 'för pensionärer', 'för nyanlända', 'och lagar cyklar', 'och delar mat', 'och planterar grönsaker'];
  const days = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'];
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    title: `${pick(activities)} ${pick(places)}`,
    body: `${pick(verbs)} ${pick(topics)} varje ${pick(days)}. ${pick(verbs)}.`,
    city: pick(cities),
  }));
}

function stats(samples: number[]) {
  const xs = [...samples].sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? NaN;
  return {
    p50: q(0.5),
    p95: q(0.95),
    mean: xs.reduce((s, x) => s + x, 0) / xs.length,
    max: xs[xs.length - 1] ?? NaN,
    stalls: xs.filter((x) => x >= STALL_MS).length,
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-http-'));
  const meili = await startMeilisearch({ dataDir });
  const nodeHttpClient = createNodeHttpClient();
  const rawAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const fetchClient = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    const fetchIdentityClient = new Meilisearch({
      host: meili.url,
      apiKey: meili.masterKey,
      requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    });
    const nodeClient = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
    const benchClient = new Meilisearch({ host: meili.url, apiKey: meili.masterKey, httpClient: nodeHttpClient });

    const { pkgVersion } = await benchClient.getVersion();
    await benchClient.createIndex(INDEX_UID, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
    const task = await benchClient.index<Doc>(INDEX_UID).addDocuments(makeDocs(DOC_COUNT)).waitTask({ timeout: 60_000 });
    if (task.status !== 'succeeded') throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);
    const { numberOfDocuments } = await benchClient.index(INDEX_UID).getStats();

    const searchUrl = new URL(`/indexes/${INDEX_UID}/search`, meili.url);
    const rawBody = JSON.stringify(QUERY);
    const raw = (acceptEncoding?: string) =>
      new Promise<unknown>((resolve, reject) => {
        const req = http.request(
          searchUrl,
          {
            method: 'POST',
            agent: rawAgent,
            headers: {
              Authorization: `Bearer ${meili.masterKey}`,
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(rawBody),
              ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const buf = Buffer.concat(chunks);
              const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(buf) : buf).toString('utf8');
              try {
                if ((res.statusCode ?? 0) >= 400) throw new Error(`HTTP ${res.statusCode}: ${text}`);
                resolve(JSON.parse(text));
              } catch (err) {
                reject(err);
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(rawBody);
      });

    const paths: { key: string; label: string; run: () => Promise<unknown> }[] = [
      { key: 'a', label: 'meilisearch client, default fetch', run: () => fetchClient.index(INDEX_UID).search(QUERY.q, { limit: QUERY.limit }) },
      { key: 'b', label: 'meilisearch client, createNodeHttpClient', run: () => nodeClient.index(INDEX_UID).search(QUERY.q, { limit: QUERY.limit }) },
      { key: 'c', label: 'raw node:http keep-alive', run: () => raw() },
      { key: 'a2', label: '(a) + Accept-Encoding: identity', run: () => fetchIdentityClient.index(INDEX_UID).search(QUERY.q, { limit: QUERY.limit }) },
      { key: 'c2', label: '(c) + Accept-Encoding: gzip', run: () => raw('gzip') },
    ];

    // Sanity: all paths return the same hits.
    const hitIds = async (p: (typeof paths)[number]) =>
      JSON.stringify(((await p.run()) as { hits: { id: number }[] }).hits.map((h) => h.id));
    const reference = await hitIds(paths[0]!);
    for (const p of paths) {
      if ((await hitIds(p)) !== reference) throw new Error(`path (${p.key}) returned different hits`);
    }

    for (const p of paths) for (let i = 0; i < WARMUP; i++) await p.run();

    const samples = new Map(paths.map((p) => [p.key, [] as number[]]));
    const perRound = SEARCHES / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of paths) {
        const out = samples.get(p.key)!;
        for (let i = 0; i < perRound; i++) {
          const t0 = performance.now();
          await p.run();
          out.push(performance.now() - t0);
        }
      }
    }

    const rows = paths.map((p) => ({ ...p, ...stats(samples.get(p.key)!) }));
    const f = (x: number) => x.toFixed(2).padStart(8);
    console.log(
      `Meilisearch ${pkgVersion}, node ${process.version}, ${numberOfDocuments} docs, ` +
        `${SEARCHES} sequential searches per path (q=${JSON.stringify(QUERY.q)}, limit ${QUERY.limit}), ` +
        `${ROUNDS} interleaved rounds after ${WARMUP} warm-up each\n`,
    );
    console.log(`path  ${'description'.padEnd(42)}  p50 ms   p95 ms  mean ms   max ms  >=${STALL_MS}ms`);
    for (const r of rows) {
      console.log(
        `(${r.key})`.padEnd(5) +
          ` ${r.label.padEnd(42)}${f(r.p50)} ${f(r.p95)} ${f(r.mean)} ${f(r.max)} ${String(r.stalls).padStart(7)}`,
      );
    }
    const a = rows[0]!;
    const b = rows[1]!;
    console.log(
      `\nratio (a)/(b): p50 ${(a.p50 / b.p50).toFixed(2)}x, p95 ${(a.p95 / b.p95).toFixed(2)}x, mean ${(a.mean / b.mean).toFixed(2)}x`,
    );
  } finally {
    nodeHttpClient.destroy();
    rawAgent.destroy();
    await meili.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
