import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase, type DatabaseHandle } from '#db/client.server.ts';
import * as schema from '#db/schema/index.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';

/**
 * For the PGlite project: migrates and seeds one database once and dumps its
 * data directory; each test file then starts from a copy of that dump instead
 * of creating and migrating its own (seconds instead of tens of seconds per file).
 */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({ pgliteDir: 'memory://' });
  await seedAreas(handle.db);
  const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
  await handle.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-pglite-tpl-'));
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A PGlite database loaded from the template dump: in memory, or in `dataDir`
 * (for a process of its own to open later). Already migrated and seeded.
 */
export async function openPgliteCopy(templateFile: string, dataDir?: string, logger?: Logger): Promise<DatabaseHandle> {
  const loadDataDir = new Blob([fs.readFileSync(templateFile)]);
  const client = dataDir ? await PGlite.create(dataDir, { loadDataDir }) : await PGlite.create({ loadDataDir });
  return { db: drizzle(client, { schema, logger }) as unknown as DatabaseHandle['db'], kind: 'pglite', close: () => client.close() };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
