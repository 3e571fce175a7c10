/**
 * Why Samverka searches with Meilisearch: the peers' engine, PostgreSQL full-text search, on the same
 * corpus and queries as `bench/search.ts` (issue 15).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/pg-fulltext.ts   (BENCH_CORPUS=10000 for a quick try)
 *
 * Needs a PostgreSQL server (DATABASE_URL); without one it says so and exits 0 (skipped). On its own
 * database (created and dropped here), its own temp dir and Meilisearch binary:
 *
 *  1. BENCH_CORPUS (default 100 000, as bench/search.ts) generated initiatives (bench/corpus.ts);
 *  2. the app's search documents (search/documents.server.ts) go both to Meilisearch (the content index
 *     with the app's settings) and to a table with a weighted tsvector in the 'swedish' configuration
 *     (title A; summaries B; body, organisation, areas, vocabulary labels and synonyms C) and a GIN index;
 *  3. every query of bench/corpus.ts, sequential and interleaved, ROUNDS rounds:
 *     Meilisearch — the app's request (buildSearchParams: visibility filter, facets, highlighting, 20 hits);
 *     PostgreSQL — websearch_to_tsquery, the same filters, ts_rank_cd order, 20 rows and the total count
 *     (no facets, no snippets: that favours PostgreSQL);
 *  4. typo recall@20: each query with a word of 5+ letters gets one typo (a letter dropped, or two
 *     swapped); relevant = the top 20 the correctly spelled query finds in the same engine; recall =
 *     the share of those the misspelled query also returns in its top 20, averaged over queries.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { documentText } from '#app/search.server.ts';
import { openDatabase } from '#db/client.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { initiativeDocuments, type SearchDocument } from '#search/documents.server.ts';
import { ensureIndex } from '#search/engine.server.ts';
import { createMeiliClient } from '#search/http-client.server.ts';
import { startMeilisearch } from '#search/launcher.server.ts';
import { assertSucceeded } from '#search/outbox.server.ts';
import { buildSearchParams, type SearchFilters } from '#search/query.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { withDatabase } from '#test/support/global-postgres.ts';
import { describe, insertCorpus, QUERIES, stats, type BenchQuery } from './corpus.ts';

const CORPUS = Number(process.env.BENCH_CORPUS ?? 100_000);
const ROUNDS = 10;
const PAGE = 5_000;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

/** One deterministic typo in the query's longest word of 5+ letters: drop a middle letter, or swap two (alternating). */
function withTypo(q: string, n: number): string | null {
  const words = q.split(' ');
  const longest = words.reduce((best, w, i) => (w.length > (words[best]?.length ?? 0) ? i : best), 0);
  const w = words[longest]!;
  if (w.length < 5) return null;
  const at = Math.floor(w.length / 2);
  words[longest] = n % 2 === 0 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at - 1) + w[at] + w[at - 1] + w.slice(at + 1);
  return words.join(' ');
}

async function main() {
  if (!process.env.DATABASE_URL) {
    console.log('fulltext: skipped — the PostgreSQL full-text comparison needs a PostgreSQL server (set DATABASE_URL)');
    return;
  }
  const figures: { measure: string; value: string }[] = [];
  const cleanups: (() => unknown)[] = [];
  try {
    const adminUrl = process.env.DATABASE_URL;
    const dbName = `samverka_bench_fts_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end({ timeout: 5 }));
    await admin.unsafe(`create database ${dbName}`);
    cleanups.push(() => admin.unsafe(`drop database if exists ${dbName} with (force)`));
    const [{ version } = { version: '?' }] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
    const database = await openDatabase({ url: withDatabase(adminUrl, dbName) });
    cleanups.push(() => database.close());
    await seedAreas(database.db);
    const { seconds: insertSec } = await insertCorpus(database.db, CORPUS);
    log(`inserted ${CORPUS} initiatives in ${insertSec.toFixed(1)} s`);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-fts-'));
    cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const meili = await startMeilisearch({ dataDir: path.join(tmp, 'meili') });
    cleanups.push(() => meili.stop());
    const client = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
    await ensureIndex(client, CONTENT_INDEX);

    // The same documents to both engines: the search documents the app builds.
    const sql = postgres(withDatabase(adminUrl, dbName), { max: 1, onnotice: () => {} });
    cleanups.push(() => sql.end({ timeout: 5 }));
    await sql`create table fts_docs (id text primary key, visibility text not null, themes text[] not null, area_codes text[] not null, status text, published_at bigint not null, tsv tsvector not null)`;
    let t = performance.now();
    const tasks = [];
    let count = 0;
    for (let after = ZERO_UUID; ; ) {
      const page: SearchDocument[] = await initiativeDocuments(database.db, { after, limit: PAGE }, documentText);
      if (page.length === 0) break;
      tasks.push(await client.index(CONTENT_INDEX).addDocuments(page, { primaryKey: 'id' }));
      const rows = page.map((d) => ({
        id: d.id,
        visibility: d.visibility,
        themes: d.themes,
        area_codes: d.areaCodes,
        status: d.status,
        published_at: d.publishedAt,
        a: d.title,
        b: [d.summary, d.plainSummary ?? ''].join(' '),
        c: [d.body, d.organization, ...d.areaNames, ...d.themeLabels, ...d.successFactorLabels, ...d.synonyms].join(' '),
      }));
      for (let i = 0; i < rows.length; i += 1_000) {
        await sql`
          insert into fts_docs (id, visibility, themes, area_codes, status, published_at, tsv)
          select r.id, r.visibility, r.themes, r.area_codes, r.status, r.published_at,
                 setweight(to_tsvector('swedish', r.a), 'A') || setweight(to_tsvector('swedish', r.b), 'B') || setweight(to_tsvector('swedish', r.c), 'C')
          from json_to_recordset(${sql.json(rows.slice(i, i + 1_000))}::json)
            as r(id text, visibility text, themes text[], area_codes text[], status text, published_at bigint, a text, b text, c text)`;
      }
      count += page.length;
      after = page.at(-1)!.id.replace(/^initiative-/, '');
    }
    await sql`create index fts_docs_tsv on fts_docs using gin (tsv)`;
    await sql`analyze fts_docs`;
    const pgIndexSec = (performance.now() - t) / 1000;
    for (const task of tasks) await assertSucceeded(await client.tasks.waitForTask(task, { timeout: 600_000 }));
    const bothSec = (performance.now() - t) / 1000;
    const indexed = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
    if (indexed !== count || count !== CORPUS) throw new Error(`indexed ${indexed} in Meilisearch, ${count} built, expected ${CORPUS}`);
    const [{ size } = { size: '?' }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('fts_docs')) as size`;
    log(`indexed ${count} documents: PostgreSQL table + GIN ${pgIndexSec.toFixed(1)} s (${size}), Meilisearch done ${bothSec.toFixed(1)} s after the start`);

    const meiliSearch = async (q: string, filters: SearchFilters) => {
      const params = buildSearchParams({ q, filters, visibilityKeys: ['public'], sort: 'relevance', page: 1, hitsPerPage: 20 });
      const res = await client.index(CONTENT_INDEX).search(q, params);
      return res.hits.map((h) => String(h.id));
    };
    const pgSearch = async (q: string, filters: SearchFilters) => {
      const where = [sql`visibility = 'public'`];
      if (filters.theme) where.push(sql`${filters.theme} = any(themes)`);
      if (filters.area) where.push(sql`${filters.area} = any(area_codes)`);
      if (filters.status) where.push(sql`status = ${filters.status}`);
      const cond = where.reduce((a, b) => sql`${a} and ${b}`);
      const rows = q.trim()
        ? await sql<{ id: string }[]>`
            select id, count(*) over () as total from fts_docs, websearch_to_tsquery('swedish', ${q}) as query
            where tsv @@ query and ${cond} order by ts_rank_cd(tsv, query) desc, published_at desc limit 20`
        : await sql<{ id: string }[]>`select id, count(*) over () as total from fts_docs where ${cond} order by published_at desc limit 20`;
      return rows.map((r) => r.id);
    };

    // Latency, interleaved and rotated, after one warm-up round.
    for (const query of QUERIES) {
      await meiliSearch(query.q, query.filters ?? {});
      await pgSearch(query.q, query.filters ?? {});
    }
    const meiliMs: number[] = [];
    const pgMs: number[] = [];
    const time = async (into: number[], run: () => Promise<unknown>) => {
      const t0 = performance.now();
      await run();
      into.push(performance.now() - t0);
    };
    t = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, query] of QUERIES.entries()) {
        const sides = [() => time(meiliMs, () => meiliSearch(query.q, query.filters ?? {})), () => time(pgMs, () => pgSearch(query.q, query.filters ?? {}))];
        if ((round + i) % 2) sides.reverse();
        for (const side of sides) await side();
      }
    }
    log(`timed ${QUERIES.length} queries × ${ROUNDS} rounds on both engines in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // Typo recall@20, each engine against its own correctly spelled answer.
    const typoQueries = QUERIES.filter((query) => query.q && query.q !== 'segregaton')
      .map((query, n) => ({ query, typo: withTypo(query.q, n) }))
      .filter((x): x is { query: BenchQuery; typo: string } => x.typo !== null);
    const recall = { meili: [] as number[], pg: [] as number[] };
    const examples: string[] = [];
    for (const { query, typo } of typoQueries) {
      for (const [engine, run] of [['meili', meiliSearch], ['pg', pgSearch]] as const) {
        const relevant = new Set(await run(query.q, query.filters ?? {}));
        if (relevant.size === 0) continue;
        const found = await run(typo, query.filters ?? {});
        recall[engine].push(found.filter((id) => relevant.has(id)).length / relevant.size);
      }
      if (examples.length < 4) examples.push(`${describe(query)} → "${typo}"`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    const m = stats(meiliMs);
    const p = stats(pgMs);
    figures.push({ measure: 'corpus', value: `${CORPUS.toLocaleString('sv-SE')} generated initiatives (bench/corpus.ts), the same documents in both engines; PostgreSQL ${version}, table with its GIN index ${size}` });
    figures.push({ measure: `Meilisearch, the app's request (filters, facets, highlighting, 20 hits), p50 / p95`, value: `${m.p50.toFixed(1)} / ${m.p95.toFixed(1)} ms` });
    figures.push({ measure: `PostgreSQL full text ('swedish', GIN, ts_rank_cd, 20 rows + total, no facets), p50 / p95`, value: `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} ms` });
    figures.push({ measure: 'ratio PostgreSQL/Meilisearch, p50 / p95', value: `${(p.p50 / m.p50).toFixed(2)} / ${(p.p95 / m.p95).toFixed(2)} (${QUERIES.length} queries × ${ROUNDS} rounds, interleaved)` });
    figures.push({
      measure: `typo recall@20, Meilisearch / PostgreSQL (${typoQueries.length} queries with one typo, e.g. ${examples.slice(0, 2).join(', ')})`,
      value: `${mean(recall.meili).toFixed(2)} / ${mean(recall.pg).toFixed(2)}`,
    });
    console.log(`\n| measure | value | target |\n|---|---|---|`);
    for (const f of figures) console.log(`| ${f.measure} | ${f.value} | |`);
    console.log('');
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (error) {
        console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

await main();
process.exit(0);
