import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { withDatabase } from './global-postgres.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Builds the Remix app once for the browser tests (the server serves build/), as `npm run build` does: Vitest sets
 * NODE_ENV=test, which Vite would otherwise carry into the bundle and ship React's development build.
 */
export function buildApp() {
  execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'pipe', env: { ...process.env, VITEST: '', NODE_ENV: 'production' } });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server process (`app/server/main.ts`, as `npm start` does)
 * on a free port, with its own data directory, its own database (a fresh
 * PostgreSQL database when DATABASE_URL is set, else PGlite) and its own
 * Meilisearch started by the app. `stop()` ends it and removes all of that.
 * `env` overrides the child's environment; with `env.DATABASE_URL` the server
 * uses that database as it is and `stop()` leaves it alone (MEILI_URL likewise
 * points it at an existing Meilisearch instead of starting one).
 */
/** Nothing listens on the discard port: a request there is refused at once, and never leaves the machine. */
export const CLOSED_LOOPBACK_URL = 'http://127.0.0.1:9';

/**
 * How long a start may take before it counts as failed. A first start on PGlite creates the database cluster (PGlite's
 * initdb: 10–19 s measured on this two-core machine at load 20), migrates (a few seconds more), and with SEED_DEMO
 * seeds the demo content and 21,528 example values (3 s after the seeding fix, 7 s before, at the same load) and
 * indexes it; the server process also compiles its TypeScript through tsx. 120 s covered a quiet machine; with demo
 * data and eight sessions sharing two cores it did not (issue 13), so a demo start gets twice that.
 */
export function startBudgetMs(env: Record<string, string>): number {
  return env.SEED_DEMO === 'true' ? 240_000 : 120_000;
}

/** `opts.cwd`: another checkout to start the server from (a benchmark comparing two versions); by default this one. */
export async function startAppServer(env: Record<string, string> = {}, opts: { startBudgetMs?: number; cwd?: string } = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-e2e-'));
  // A caller that passes DATABASE_URL brings its own database (and keeps it); otherwise a fresh one is made here.
  let databaseUrl: string | undefined = env.DATABASE_URL;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL && !env.DATABASE_URL) {
    const name = `samverka_e2e_${crypto.randomBytes(4).toString('hex')}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    databaseUrl = withDatabase(process.env.DATABASE_URL, name);
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: opts.cwd ?? root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      // Tests never reach the public statistics APIs: a closed loopback port unless a test serves them.
      KOLADA_API_URL: CLOSED_LOOPBACK_URL,
      SCB_API_URL: CLOSED_LOOPBACK_URL,
      // One process, as before cluster mode, on a machine the tests share; test/e2e/cluster.test.ts asks for two workers.
      WEB_CONCURRENCY: '1',
      // Many browser tests write to the database directly and then read pages anonymously: no stored pages for them.
      // test/e2e/page-cache.test.ts turns it on.
      PAGE_CACHE: 'off',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const budget = opts.startBudgetMs ?? startBudgetMs(env);
  const deadline = Date.now() + budget;
  const started = Date.now();
  for (;;) {
    let failure: string | null = null;
    if (child.exitCode !== null) failure = `server exited early:\n${logs.join('')}`;
    else {
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) failure = `server did not start in ${budget / 1000} s:\n${logs.join('')}`;
    }
    if (failure) {
      if (child.exitCode === null) child.kill('SIGKILL');
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(failure);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    /** How long the start took (the benchmarks report it). */
    startMs: Date.now() - started,
    /** The server process (the cluster primary in cluster mode). */
    pid: child.pid!,
    databaseUrl,
    dataDir,
    logs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
