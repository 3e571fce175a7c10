/**
 * The embedded default's database directory (db/client.server.ts): a new one is created on a worker thread in a
 * sibling directory and then opened as on a restart (issue 15: the first start's memory). The database it makes is
 * the one the app relies on: migrated, UTF-8 with the C collation and C.UTF-8 character classes, Swedish full text,
 * and the app's memory settings; what is written survives a restart; a directory that holds files but no database
 * is refused with a clear error and left alone. PGlite only (PostgreSQL has no directory), so it runs in one project.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '#db/client.server.ts';
import { testDbKind } from '../support/db.ts';

let root: string;

/** The rows of a raw statement (both drivers answer with `rows`; PGlite is the one here). */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-pglite-dir-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(testDbKind() !== 'pglite')('a PGlite directory', () => {
  it('is created complete, migrated, with the locale and settings the app relies on, and reopened with its data', async () => {
    const dir = path.join(root, 'pg');
    // What an interrupted creation leaves behind is cleared, not mistaken for a database.
    fs.mkdirSync(`${dir}.creating`, { recursive: true });
    fs.writeFileSync(path.join(`${dir}.creating`, 'PG_VERSION'), '18\n');

    const first = await openDatabase({ pgliteDir: dir });
    try {
      expect(first.kind).toBe('pglite');
      expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(`${dir}.creating`)).toBe(false);
      const [database] = await rowsOf<{ encoding: string; collate: string; ctype: string; provider: string }>(
        first.db,
        sql`select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype, datlocprovider as provider from pg_database where datname = current_database()`
      );
      expect(database).toEqual({ encoding: 'UTF8', collate: 'C', ctype: 'C.UTF-8', provider: 'c' });
      const [settings] = await rowsOf<{ shared: string; maintenance: string; stemmed: string; upper: string }>(
        first.db,
        sql`select current_setting('shared_buffers') as shared, current_setting('maintenance_work_mem') as maintenance,
                to_tsvector('swedish', 'skolorna')::text as stemmed, upper('åäö') as upper`
      );
      expect(settings).toEqual({ shared: '16MB', maintenance: '16MB', stemmed: "'skol':1", upper: 'ÅÄÖ' });
      const [migrations] = await rowsOf<{ count: number }>(first.db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
      const journal = JSON.parse(fs.readFileSync(path.resolve('db/migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(migrations!.count).toBe(journal.entries.length);
      await first.db.execute(sql`create table restart_probe (note text)`);
      await first.db.execute(sql`insert into restart_probe values ('kvar efter omstart')`);
    } finally {
      await first.close();
    }

    const again = await openDatabase({ pgliteDir: dir });
    try {
      const rows = await rowsOf<{ note: string }>(again.db, sql`select note from restart_probe`);
      expect(rows).toEqual([{ note: 'kvar efter omstart' }]);
    } finally {
      await again.close();
    }
  });

  it('refuses a directory that holds files but no database, and leaves the files', async () => {
    const dir = path.join(root, 'not-a-database');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(openDatabase({ pgliteDir: dir })).rejects.toThrow(/holds files but no PGlite database/);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.existsSync(`${dir}.creating`)).toBe(false);
  });
});
