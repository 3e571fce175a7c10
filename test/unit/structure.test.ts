import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const filesUnder = (dir: string) =>
  (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(dir, f));

/**
 * Remix refuses a `.server` module in a client bundle at build time; these checks keep every module that
 * talks to the database or to Meilisearch named that way, so the refusal covers them.
 */
describe('server-only code is named so that no client bundle can hold it', () => {
  it('every module under db/ (beside migrations and the drizzle-kit config) is a .server module', () => {
    const plain = filesUnder('db').filter((f) => !f.startsWith('db/migrations/') && f !== 'db/drizzle.config.ts' && !f.endsWith('.server.ts'));
    expect(plain).toEqual([]);
  });

  it('every module under search/ that reaches the database, the network or the file system is a .server module', () => {
    const reachesOut = /^import (?!type )[^;]*from '(?:#db\/|drizzle-orm|node:|meilisearch'|\.\/[\w-]+\.server\.ts)/m;
    const plain = filesUnder('search').filter((f) => !f.endsWith('.server.ts') && reachesOut.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(plain).toEqual([]);
  });

  // Route modules (and root) may: Remix strips their loaders and actions, and what only those use, from the client.
  it('app modules outside .server files and route modules import nothing from db/ but types', () => {
    const offenders = filesUnder('app')
      .filter((f) => !f.endsWith('.server.ts') && !f.startsWith('app/routes/') && !f.startsWith('app/server/') && f !== 'app/root.tsx')
      .filter((f) => /^import (?!type )[^;]*from '#db\//m.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
