/**
 * `npm run stats:import` and `npm run stats:refresh` as child processes against
 * the local Kolada/SCB stand-in and a database of their own (a PostgreSQL
 * database on the PostgreSQL run, a PGlite directory on the PGlite run): exit
 * codes, the reasons printed, and that a refused import writes nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '#db/client.server.ts';
import { indicatorImports, indicators, indicatorValues } from '#db/schema/index.server.ts';
import { copyPostgresTemplate, testDbKind } from '../support/db.ts';
import { openPgliteCopy } from '../support/global-pglite.ts';
import { koladaItems, startStatsApi, type StatsApi } from '../support/stats-api.ts';

let api: StatsApi;
let env: Record<string, string>;
let dataDir: string;
let dropDatabase: () => Promise<void> = async () => {};

/** The database the commands use, opened only while no command runs (PGlite allows one process). */
async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, max: 1 } : { pgliteDir: path.join(dataDir, 'pg') });
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  api = await startStatsApi();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-stats-cli-'));
  env = { KOLADA_API_URL: api.koladaUrl, SCB_API_URL: api.scbUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', LANG: 'en_US.UTF-8' };
  // A copy of the suite's migrated, seeded template: on PGlite, written to the directory the commands open (DATA_DIR/pg).
  if (testDbKind() === 'postgres') {
    const copy = await copyPostgresTemplate();
    env.DATABASE_URL = copy.url;
    dropDatabase = copy.drop;
  } else {
    await (await openPgliteCopy(inject('pgliteTemplate'), path.join(dataDir, 'pg'))).close();
  }
  await withDb((db) => db.insert(indicators).values({ code: 'forvarv', nameSv: 'Förvärvsarbetande', nameEn: 'In work', unit: 'procent', source: 'Kolada', higherIsBetter: true, decimals: 1 }));
});
afterAll(async () => {
  await api?.close();
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function run(script: 'stats-import' | 'stats-refresh', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' as const, ...env };
    // What `npm run stats:…` runs (tsx), as one node process rather than the tsx launcher and its child.
    execFile(process.execPath, ['--import', 'tsx', `app/server/${script}.ts`, ...args], { env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const counts = () =>
  withDb(async (db) => ({
    values: (await db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues))[0]!.n,
    imports: (await db.select({ n: sql<number>`count(*)::int` }).from(indicatorImports))[0]!.n,
  }));

// Each command starts tsx and opens (and on PGlite migrates) its database: seconds, not milliseconds.
describe('npm run stats:import', { timeout: 180_000 }, () => {
  it('imports a Kolada KPI (exit 0), again changes nothing (exit 0), and remembers the query for stats:refresh', async () => {
    api.kpis.set('N00914', { title: 'Förvärvsarbetande invånare', pageSize: 4, items: koladaItems('N00914', ['1280', '0180', '1480'], [2022, 2023], (a, y) => 60 + y - 2022) });
    const first = await run('stats-import', ['kolada', 'N00914', '--areas', '1280,0180,1480', '--years', '2022-2023', '--indicator', 'forvarv', '--remember']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('18 of 18 values were changed or added');
    expect(await counts()).toEqual({ values: 18, imports: 1 });

    const again = await run('stats-import', ['kolada', 'N00914', '--areas', '1280,0180,1480', '--years', '2022-2023', '--indicator', 'forvarv']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing changed');
    expect(await counts()).toEqual({ values: 18, imports: 1 });

    api.kpis.set('N00914', { items: koladaItems('N00914', ['1280', '0180', '1480'], [2022, 2023], (a, y) => (a === '1480' && y === 2023 ? 99 : 60 + y - 2022)) });
    const refreshed = await run('stats-refresh', []);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('forvarv: Import complete: 3 of 18 values');
    expect(await counts()).toEqual({ values: 18, imports: 2 });
  });

  it('creates a new indicator from the KPI with its values, or neither', async () => {
    api.kpis.set('N01951', { title: 'Invånare 0-19 år, andel (%)', description: 'Andel invånare 0-19 år.', items: koladaItems('N01951', ['1280'], [2023], () => 22.5) });
    const made = await run('stats-import', ['kolada', 'N01951', '--areas', '1280', '--years', '2023', '--new', '--unit', 'procent', '--higher-is-better', 'no']);
    expect(made.code).toBe(0);
    const [row] = await withDb((db) => db.select().from(indicators).where(eq(indicators.code, 'n01951')));
    expect(row).toMatchObject({ nameSv: 'Invånare 0-19 år, andel (%)', descriptionSv: 'Andel invånare 0-19 år.', unit: 'procent', higherIsBetter: false, source: 'Kolada (KPI N01951)' });

    api.kpis.set('N01952', { title: 'Trasig', items: koladaItems('N01952', ['1280', '9999'], [2023], () => 1) });
    const refused = await run('stats-import', ['kolada', 'N01952', '--areas', 'all', '--years', '2023', '--new', '--unit', 'antal', '--higher-is-better', 'yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('area codes Samverka does not know: 9999');
    expect(await withDb((db) => db.select().from(indicators).where(eq(indicators.code, 'n01952')))).toEqual([]);
  });

  // Opening the database costs seconds (on PGlite): the counts are taken once around all the refused runs, not around each.
  describe('refused runs', () => {
    let before: Awaited<ReturnType<typeof counts>>;
    beforeAll(async () => {
      api.kpis.set('N00600', { hang: true });
      before = await counts();
    });

    it.each([
      ['an unknown KPI', ['kolada', 'N00404', '--areas', '1280', '--years', '2023', '--indicator', 'forvarv'], 1, 'no key figure or table with that id'],
      ['a hanging source', ['kolada', 'N00600', '--areas', '1280', '--years', '2023', '--indicator', 'forvarv', '--timeout-ms', '300'], 1, 'did not answer within 0.3 s'],
      ['an unknown table', ['scb', 'TAB000', '--indicator', 'forvarv', '--areas', '00', '--years', '2024'], 1, 'no key figure or table'],
      ['an indicator not in the catalogue', ['kolada', 'N00914', '--indicator', 'saknas'], 2, 'no indicator "saknas"'],
      ['a wrong source', ['eurostat', 'X'], 2, 'unknown source'],
      ['bad years', ['kolada', 'N00914', '--years', 'förra året'], 2, '--years'],
    ])('%s: non-zero exit with the reason', async (_name, args, code, message) => {
      const result = await run('stats-import', args);
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
    });

    it('none of them wrote anything', async () => {
      expect(await counts()).toEqual(before);
    });
  });
});
