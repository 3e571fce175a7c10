import crypto from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '#db/client.server.ts';
import { openPgliteCopy } from './global-pglite.ts';
import { withDatabase } from './global-postgres.ts';
import type { QueryRecorder } from './query-count.ts';

export type TestDbKind = 'postgres' | 'pglite';

/** Which database this test project runs against (the suite runs once per kind). */
export const testDbKind = (): TestDbKind => (process.env.SAMVERKA_TEST_DB === 'pglite' ? 'pglite' : 'postgres');

/**
 * A fresh database for one test file: a copy of the migrated, seeded template
 * on the real PostgreSQL server, or an in-memory PGlite loaded from the
 * template dump. `close()` drops it. `recorder` sees every statement sent.
 */
export async function createTestDatabase(recorder?: QueryRecorder): Promise<DatabaseHandle> {
  if (testDbKind() === 'pglite') return openPgliteCopy(inject('pgliteTemplate'), undefined, recorder);
  const copy = await copyPostgresTemplate();
  const handle = await openDatabase({ url: copy.url, max: 5, logger: recorder });
  return {
    ...handle,
    async close() {
      await handle.close();
      await copy.drop();
    },
  };
}

/** A new database on the PostgreSQL server copied from the migrated, seeded template: its URL, and `drop()`. */
export async function copyPostgresTemplate() {
  const adminUrl = process.env.DATABASE_URL!;
  const template = inject('pgTemplate');
  const name = `${template}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
