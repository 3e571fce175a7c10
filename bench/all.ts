/**
 * Every benchmark, one after another, and one summary in docs/benchmarks.md.
 *
 *   npm run bench                              (all of them: about 20–25 min on 2 quiet cores, 29 min on a busy shared one)
 *   npm run bench -- --only client-weight,maps (some of them, by name)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 *
 * Builds the app once (as `npm start` does), then runs each benchmark under bench/ in its own process,
 * one at a time (they would skew each other's figures on a shared machine), echoing its output, and
 * appends a dated section to docs/benchmarks.md: the machine, the date, the commit, and each
 * benchmark's figures (its ratios and sizes, as it printed them) or that it failed. Earlier sections stay:
 * the file is the history. Each benchmark still runs alone through its own `npm run bench:…` script.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../test/support/server.ts';
import { clientWeightTable, measureClientWeight } from './client-weight.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = path.join(ROOT, 'docs/benchmarks.md');

interface Bench {
  name: string;
  file: string;
  what: string;
  /** The lines of its output that carry its figures (the rest is progress). */
  figures: (line: string) => boolean;
}

const isTableRow = (line: string) => line.startsWith('|') && !/^\|\s*-/.test(line) && !/^\|\s*measure\s*\|/.test(line);

const BENCHES: Bench[] = [
  { name: 'http', file: 'bench/http-path.ts', what: 'Meilisearch HTTP path: Node fetch against search/http-client.server.ts', figures: (l) => /^(\([ab]\)|ratio)/.test(l.trim()) },
  { name: 'maps', file: 'bench/map-page.ts', what: 'kommun map page against /statistik, and its SVG size', figures: (l) => /^(ratio|kommun map SVG|whole map page|GET |server start)/.test(l) },
  { name: 'api', file: 'bench/api.ts', what: 'read API against the /insatser browse page, requests per second', figures: (l) => /^(ratio|GET )/.test(l.trim()) },
  { name: 'pages', file: 'bench/pages.ts', what: 'initiative page against /healthz, requests per second at 16 connections (autocannon)', figures: (l) => /^(ratio|GET |PAGE_CACHE=|server RSS)/.test(l.trim()) },
  { name: 'kolada', file: 'bench/kolada-import.ts', what: 'Kolada import from a local Kolada server', figures: (l) => /→/.test(l) },
  { name: 'import', file: 'bench/import-freeze.ts --no-build', what: 'GET / idle against during a 350 000-row indicator import (PGlite; also PostgreSQL with DATABASE_URL)', figures: isTableRow },
  { name: 'search', file: 'bench/search.ts', what: 'outbox drain against raw ingest; GET /sok against Meilisearch direct (100 000 initiatives)', figures: isTableRow },
  { name: 'fulltext', file: 'bench/pg-fulltext.ts', what: "PostgreSQL full-text search ('swedish', GIN) against Meilisearch, same corpus and queries (needs DATABASE_URL)", figures: (l) => isTableRow(l) || l.startsWith('fulltext: skipped') },
  { name: 'memory', file: 'bench/memory.ts', what: "app RSS idle, peak and after a 60 s load on PostgreSQL; the embedded default's first start and restart (process tree)", figures: isTableRow },
  { name: 'workers', file: 'bench/workers.ts', what: 'production server, 1 against 2 HTTP workers, requests/s at 16 connections (needs DATABASE_URL)', figures: (l) => isTableRow(l) || l.startsWith('workers: skipped') },
];

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const git = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, commit ${git}, ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}`;
}

function run(file: string): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', ...file.split(' ')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** A figure line as one table cell: a markdown row `| measure | value | target |` reads `measure: value (target)`. */
function asCell(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('|')) {
    const [measure = '', value = '', target = ''] = trimmed.slice(1, -1).split('|').map((s) => s.trim());
    return `${measure}: ${value}${target ? ` (target ${target})` : ''}`.replaceAll('|', '/');
  }
  return trimmed.replace(/\s{2,}/g, ' ').replaceAll('|', '/');
}

async function main() {
  const at = process.argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const only = at < 0 ? null : (process.argv[at]!.startsWith('--only=') ? process.argv[at]!.slice('--only='.length) : (process.argv[at + 1] ?? '')).split(',');
  const chosen = (name: string) => !only || only.includes(name);
  const date = new Date();
  const rows: string[] = [];

  console.log('building the app (npx remix vite:build)…');
  buildApp();

  let clientWeight = '';
  if (chosen('client-weight')) {
    clientWeight = clientWeightTable(measureClientWeight());
    console.log(clientWeight);
  }
  for (const bench of BENCHES.filter((b) => chosen(b.name))) {
    console.log(`\n=== ${bench.name}: npx tsx ${bench.file}`);
    const { code, output, seconds } = await run(bench.file);
    const figures = output.split('\n').filter(bench.figures).map(asCell);
    if (code !== 0) rows.push(`| ${bench.name} | **failed** (exit ${code}) after ${seconds.toFixed(0)} s; see its output |`);
    else if (figures.length === 0) rows.push(`| ${bench.name} | finished in ${seconds.toFixed(0)} s; no figures recognised in its output |`);
    for (const [i, figure] of figures.entries()) rows.push(`| ${i === 0 ? `**${bench.name}** (${seconds.toFixed(0)} s): ${bench.what}` : ''} | ${figure} |`);
  }

  const section = [
    '',
    `## \`npm run bench\`, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine()}.${only ? ` Only: ${only.join(', ')}.` : ''}`,
    '',
    ...(clientWeight ? ['Client weight (`bench/client-weight.ts`): gzipped JavaScript of a reader\'s first visit, from the Vite manifest.', '', clientWeight, ''] : []),
    ...(rows.length ? ['| benchmark | figure |', '|---|---|', ...rows, ''] : []),
  ].join('\n');
  fs.appendFileSync(REPORT, section);
  console.log(`\nappended to ${path.relative(ROOT, REPORT)}:\n${section}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
