import crypto from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '#db/client.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { withDatabase } from './global-postgres.ts';

export type TestDbKind = 'postgres' | 'pglite';

/** Which database this test project runs against (the suite runs once per kind). */
export const testDbKind = (): TestDbKind => (process.env.SAMVERKA_TEST_DB === 'pglite' ? 'pglite' : 'postgres');

/**
 * A fresh database for one test file: a copy of the migrated template on the
 * real PostgreSQL server, or an in-memory PGlite. `close()` drops it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (testDbKind() === 'pglite') {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    await seedAreas(handle.db);
    return handle;
  }
  const adminUrl = process.env.DATABASE_URL!;
  const template = inject('pgTemplate');
  const name = `${template}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const handle = await openDatabase({ url: withDatabase(adminUrl, name), max: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
