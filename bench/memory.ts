/**
 * How much memory does Samverka hold, and does it give it back? (issue 15)
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/memory.ts   (builds the app if build/ is missing)
 *
 * 1. On PostgreSQL (needs DATABASE_URL; skipped without): the production server as one process
 *    (WEB_CONCURRENCY=1), demo content, its own database and bundled Meilisearch. The app process's RSS
 *    idle, its peak (the kernel's high-water mark, VmHWM) during LOAD_SECONDS (default 60) of
 *    16 closed-loop clients over the reader pages (home, lists, an initiative, search, statistics, an
 *    area), and AFTER_SECONDS after the load ended. Then what that memory is made of, from inside the
 *    process (bench/memory-hook.mjs: process.memoryUsage(), V8's heap statistics).
 *    Three times: with the Node flags and malloc settings (GLIBC_TUNABLES) of `npm start` (package.json), with
 *    its flags but glibc's default malloc, and with Node's defaults, for comparison.
 * 2. The embedded default (no DATABASE_URL: PGlite in DATA_DIR/pg, the bundled Meilisearch): the whole
 *    process tree (node, Meilisearch and any other child) sampled every 100 ms on a first start into an
 *    empty data directory (migrations, demo content, example statistics, first indexing) until it
 *    answers /healthz and then settled for AFTER_SECONDS; then the same for a restart on that data directory.
 *
 * RSS is read from /proc (Linux only); a tree's RSS is the sum of its processes' (shared pages counted
 * once per process, so a little high).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, freePort, startAppServer } from '#test/support/server.ts';
import { closedLoop, formatLoad, npmStartMallocEnv, npmStartNodeOptions, processTree, type LoadTarget } from './load.ts';

const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const AFTER_SECONDS = Number(process.env.BENCH_AFTER_SECONDS ?? 10);
const CONNECTIONS = 16;
const root = path.resolve(import.meta.dirname, '..');
const hook = path.join(import.meta.dirname, 'memory-hook.mjs');
const MiB = 2 ** 20;

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

/** A /proc/<pid>/status field in bytes (VmRSS, VmHWM), 0 when the process is gone. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const treeRss = (pid: number) => processTree(pid).reduce((sum, p) => sum + statusBytes(p.pid, 'VmRSS'), 0);
const treeDescription = (pid: number) =>
  processTree(pid)
    .map((p) => `${p.name} ${mib(statusBytes(p.pid, 'VmRSS'))}`)
    .join(' + ');

/** Samples fn every `ms` until stopped; returns the largest value seen. */
function sampleMax(fn: () => number, ms = 100) {
  let max = fn();
  const timer = setInterval(() => (max = Math.max(max, fn())), ms);
  return { stop: () => (clearInterval(timer), Math.max(max, fn())) };
}

async function inside(pid: number, dir: string) {
  const file = path.join(dir, `app-${pid}.json`);
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(100);
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    memoryUsage: NodeJS.MemoryUsage;
    heap: { total_heap_size: number; used_heap_size: number; heap_size_limit: number; malloced_memory: number; external_memory: number };
    spaces: { space_name: string; space_size: number; space_used_size: number }[];
  };
  const m = r.memoryUsage;
  const spaces = r.spaces
    .filter((s) => s.space_size > 4 * MiB)
    .map((s) => `${s.space_name} ${mib(s.space_used_size)}/${mib(s.space_size)}`)
    .join(', ');
  return `RSS ${mib(m.rss)} = V8 heap ${mib(m.heapTotal)} (used ${mib(m.heapUsed)}; ${spaces}) + external ${mib(m.external)} (ArrayBuffers ${mib(m.arrayBuffers)}) + the rest ${mib(m.rss - m.heapTotal - m.external)} (code, stacks, malloc)`;
}

async function onPostgres(figures: string[][], nodeOptions: string, label: string, mallocEnv: Record<string, string>) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-memory-'));
  const server = await startAppServer({ SEED_DEMO: 'true', WEB_CONCURRENCY: '1', NODE_OPTIONS: `--import ${hook} ${nodeOptions}`, MEMORY_DIR: tmp, ...mallocEnv });
  try {
    const get = (p: string) => fetch(new URL(p, server.url)).then((r) => r.text());
    const initiative = /href="(\/insatser\/[a-z0-9-]+)"/.exec(await get('/insatser'))?.[1];
    if (!initiative) throw new Error('no initiative link on /insatser');
    // The demo content is indexed by a job after the start: wait until search finds it, then let the process settle.
    for (let i = 0; i < 100 && !(await get('/sok?q=l%C3%A4xhj%C3%A4lp')).includes('/insatser/'); i++) await sleep(200);
    await sleep(AFTER_SECONDS * 1000);
    const idle = statusBytes(server.pid, 'VmRSS');
    log(`PostgreSQL, ${label}, idle: app ${mib(idle)} (tree: ${treeDescription(server.pid)}); ${await inside(server.pid, tmp)}`);

    const pages = ['/', '/insatser', initiative, '/sok?q=läxhjälp', '/sok?q=trygghet&tema=safety', '/sok?q=', '/lardomar', '/statistik', '/omraden/1280', '/grupper'];
    const targets: LoadTarget[] = pages.map((p) => ({ url: new URL(p, server.url), headers: { 'accept-language': 'sv' } }));
    const load = await closedLoop(targets, CONNECTIONS, LOAD_SECONDS);
    if (load.failures) throw new Error(`${load.failures} requests failed during the load run`);
    const peak = statusBytes(server.pid, 'VmHWM');
    log(`load: ${CONNECTIONS} connections, ${LOAD_SECONDS} s over ${pages.length} pages: ${formatLoad(load)}; peak ${mib(peak)}`);
    await sleep(AFTER_SECONDS * 1000);
    const after = statusBytes(server.pid, 'VmRSS');
    const made = await inside(server.pid, tmp);
    log(`${AFTER_SECONDS} s after the load: app ${mib(after)}; ${made}`);
    figures.push([`PostgreSQL, ${label}: app process RSS idle / peak / ${AFTER_SECONDS} s after the load`, `${mib(idle)} / ${mib(peak)} / ${mib(after)}`, `after ≤ 300 MiB ${after <= 300 * MiB ? '✓' : '✗'}`]);
    figures.push([`PostgreSQL, ${label}: load run (${CONNECTIONS} connections, ${LOAD_SECONDS} s, ${pages.length} reader pages in turn)`, formatLoad(load), '']);
    figures.push([`PostgreSQL, ${label}: after the load, made of`, made, '']);
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}


/** The embedded default as `npm start` runs it (production build, no DATABASE_URL, no MEILI_URL) on `dataDir`. */
async function embeddedStart(dataDir: string): Promise<{ seconds: number; peak: number; settled: string; settledBytes: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: npmStartNodeOptions(), ...npmStartMallocEnv(), NODE_ENV: 'production', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const sampler = sampleMax(() => treeRss(child.pid!));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the embedded server exited:\n${stderr}`);
    if (performance.now() - t > 300_000) throw new Error('the embedded server did not answer in 300 s');
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(100);
  }
  const seconds = (performance.now() - t) / 1000;
  await sleep(AFTER_SECONDS * 1000);
  const peak = sampler.stop();
  return {
    seconds,
    peak,
    settled: treeDescription(child.pid!),
    settledBytes: treeRss(child.pid!),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function embedded(figures: string[][]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-embedded-'));
  try {
    for (const kind of ['first start (empty data directory)', 'restart (existing data directory)']) {
      const s = await embeddedStart(dataDir);
      await s.stop();
      log(`embedded default, ${kind}: answers after ${s.seconds.toFixed(1)} s; process tree peak ${mib(s.peak)}, ${AFTER_SECONDS} s later ${mib(s.settledBytes)} (${s.settled})`);
      figures.push([
        `embedded default (PGlite + bundled Meilisearch), ${kind}: process tree peak / settled`,
        `${mib(s.peak)} / ${mib(s.settledBytes)} (${s.settled}); answers after ${s.seconds.toFixed(1)} s`,
        kind.startsWith('first') ? `peak < 600 MiB ${s.peak < 600 * MiB ? '✓' : '✗'}` : '',
      ]);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(path.join(root, 'build/server/index.js'))) buildApp();
  const figures: string[][] = [];
  const flags = npmStartNodeOptions();
  if (process.env.DATABASE_URL) {
    const malloc = npmStartMallocEnv();
    await onPostgres(figures, flags, `npm start's flags (${flags}) and malloc settings (${malloc.GLIBC_TUNABLES ?? 'none'})`, malloc);
    await onPostgres(figures, flags, `npm start's flags, the C library's default malloc`, {});
    await onPostgres(figures, '', "Node's defaults, for comparison", {});
  } else figures.push(['PostgreSQL part', 'skipped: set DATABASE_URL', '']);
  await embedded(figures);
  console.log(`\n| measure | value | target |\n|---|---|---|`);
  for (const [measure, value, target] of figures) console.log(`| ${measure} | ${value} | ${target} |`);
  console.log('');
}

await main();
process.exit(0);
