import fs from 'node:fs';
import path from 'node:path';
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
 * Creates a new PGlite database in `dir` on a worker thread that then ends. PGlite creates a database with two
 * more WebAssembly instances beside its own (initdb and a helper Postgres), about 650 MiB that the process would
 * otherwise keep (issue 15: "775 MiB, never given back"); a thread's memory goes when the thread ends, and the
 * caller then opens the existing database as on any restart (about 150 MiB). Plain JS evaluated in the worker,
 * so it needs no TypeScript loader there.
 */
async function createPgliteDatabase(dir: string): Promise<void> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.pglite)
      .then(async ({ PGlite }) => {
        const db = await PGlite.create(workerData.dir, { postgresqlconf: workerData.conf });
        await db.close();
        parentPort.postMessage('created');
      })
      .catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));`;
  const worker = new Worker(code, { eval: true, workerData: { dir, conf: PGLITE_MEMORY_SETTINGS, pglite: import.meta.resolve('@electric-sql/pglite') } });
  try {
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the thread creating the PGlite database ended early (exit code ${code})`)));
    });
    if (answer !== 'created') throw new Error(`could not create the PGlite database in ${dir}: ${(answer as { error: string }).error}`);
  } finally {
    await worker.terminate();
  }
}
