import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.server.ts';

export type Schema = typeof schema;
/** Both drivers' databases share this shape; queries take it (or a transaction) first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The postgres.js client beneath `db` (PostgreSQL only): the cache bus listens and notifies with it. */
  sql?: postgres.Sql;
  close(): Promise<void>;
}

/**
 * PGlite's Postgres lives in one WebAssembly memory, which grows and is never given back (issue 15). Postgres's
 * default 128 MB of shared buffers is most of what it grows by; on PGlite they only duplicate the operating
 * system's file cache (its files are ordinary files), so they are kept small. Measured with bench/memory.ts.
 */
export const PGLITE_MEMORY_SETTINGS = ['shared_buffers=16MB', 'maintenance_work_mem=16MB'];

const require = createRequire(import.meta.url);
const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * DATABASE_URL set: postgres.js to that server. Unset: PGlite (real Postgres,
 * in-process) in `pgliteDir`, or in memory when pgliteDir is 'memory://'.
 * `migrate: false` skips the migrations (PostgreSQL only). `logger` sees every statement drizzle sends (the tests count a request's round trips with it).
 */
export async function openDatabase(opts: { url?: string; pgliteDir?: string; max?: number; logger?: Logger; migrate?: boolean }): Promise<DatabaseHandle> {
  if (opts.url) {
    // Only named (prepared) statements are planned from the cache, and those are key lookups and page statements
    // written for it: one generic plan per connection from the first use, rather than five planned again for their
    // values first (issue 15: the initiative page's statement took 4–16 ms to plan).
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, connection: { plan_cache_mode: 'force_generic_plan' } });
    const db = drizzlePostgres(client, { schema, logger: opts.logger }) as unknown as Db;
    // `migrate: false`: a cluster worker, whose primary migrated before forking it (two workers migrating at once could race).
    if (opts.migrate !== false) await migratePostgres(db as never, { migrationsFolder });
    return { db, kind: 'postgres', sql: client, close: () => client.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await createPgliteDatabase(dir);
  }
  const client = await PGlite.create(dir, { postgresqlconf: PGLITE_MEMORY_SETTINGS });
  const db = drizzlePglite(client, { schema, logger: opts.logger }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return { db, kind: 'pglite', close: () => client.close() };
}

/**
 * Creates a new PGlite database in `dir` on a worker thread that then ends (issue 15: the first start's memory).
 *
 * PGlite creates a database by running its initdb module against a second, helper Postgres instance, and copies
 * that instance's whole 128 MiB heap to reset it between initdb's runs. With a directory on disk it also keeps the
 * new cluster in the helper's memory, dumps it to a tar and unpacks that into its own instance: about 740 MiB at
 * the peak, most of which the process would keep. Two changes: a memory file system (`MemoryFS`) that mounts the
 * directory like PGlite's `NodeFS` makes PGlite take its in-memory path, where the helper writes through to this
 * instance's files, so no copy of the cluster nor tar is made; and initdb runs with 16 MB of shared buffers instead
 * of the 128 MB it would pick (the app sets its own when it opens the database). Peak about 500 MiB for a bare
 * process (docs/benchmarks.md). The thread's memory goes when it ends; the caller then opens the directory as on
 * any restart. Plain CommonJS evaluated in the worker, so it needs no TypeScript loader there.
 */
async function createPgliteDatabase(dir: string): Promise<void> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    Promise.resolve()
      .then(async () => {
        const { PGlite, MemoryFS } = require(workerData.pglite);
        const { NodeFS } = require(workerData.nodefs);
        class DirectoryAsMemoryFS extends MemoryFS {
          constructor(dir) { super(dir); this.disk = new NodeFS(dir); }
          init(pg, opts) { this.pg = pg; return this.disk.init(pg, opts); }
        }
        const db = await PGlite.create({ fs: new DirectoryAsMemoryFS(workerData.dir), postgresqlconf: workerData.conf, initDbStartParams: workerData.initdb });
        await db.close();
        parentPort.postMessage('created');
      })
      .catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));`;
  // initdb writes straight into the directory: it works in a sibling that becomes `dir` only when complete, so an
  // interrupted creation never looks like a database (PG_VERSION comes early) on the next start.
  if (fs.readdirSync(dir).length > 0) throw new Error(`${dir} holds files but no PGlite database (no PG_VERSION); move them away and start again`);
  const creating = `${dir}.creating`;
  fs.rmSync(creating, { recursive: true, force: true });
  const worker = new Worker(code, {
    eval: true,
    workerData: {
      dir: creating,
      conf: PGLITE_MEMORY_SETTINGS,
      initdb: ['-c', 'shared_buffers=16MB'],
      // Resolved here: the eval'd worker has no module of its own to resolve from (and Vitest has no import.meta.resolve).
      pglite: require.resolve('@electric-sql/pglite'),
      nodefs: require.resolve('@electric-sql/pglite/nodefs'),
    },
  });
  let created = false;
  try {
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the thread creating the PGlite database ended early (exit code ${code})`)));
    });
    if (answer !== 'created') throw new Error(`could not create the PGlite database in ${dir}: ${(answer as { error: string }).error}`);
    created = true;
  } finally {
    await worker.terminate();
    if (!created) fs.rmSync(creating, { recursive: true, force: true });
  }
  fs.rmdirSync(dir);
  fs.renameSync(creating, dir);
}
