/**
 * `npx tsx bench/kolada-import.ts`: one Kolada KPI for all 290 kommuner over ten
 * years (2 900 items × T/K/M = 8 700 values) from the local stand-in server
 * (test/support/stats-api.ts, pages of 5 000 as Kolada serves them) into an
 * in-memory PGlite: fetch, check and commit, timed. Target < 10 s.
 */
import { openDatabase } from '#db/client.server.ts';
import { areas, indicators } from '#db/schema/index.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { eq } from 'drizzle-orm';
import { importFromSource } from '#app/indicators/sources/import-source.server.ts';
import { koladaItems, startStatsApi } from '#test/support/stats-api.ts';

const api = await startStatsApi();
const handle = await openDatabase({ pgliteDir: 'memory://' });
await seedAreas(handle.db);
await handle.db.insert(indicators).values({ code: 'forvarv', nameSv: 'Förvärvsarbetande', nameEn: 'In work', unit: 'procent', source: 'Kolada', higherIsBetter: true, decimals: 1 });
const kommuner = (await handle.db.select({ code: areas.code }).from(areas).where(eq(areas.kind, 'municipality'))).map((a) => a.code);
const years = Array.from({ length: 10 }, (_, i) => 2015 + i);
api.kpis.set('N00914', { pageSize: 5000, items: koladaItems('N00914', kommuner, years, (a, y) => Math.round((60 + (Number(a) % 20) + (y - 2015) / 3) * 10) / 10) });
const settings = { KOLADA_API_URL: api.koladaUrl, SCB_API_URL: api.scbUrl };
for (const round of ['first import', 'same again (nothing changes)']) {
  const started = performance.now();
  const outcome = await importFromSource(handle.db, settings, { query: { source: 'kolada', kpi: 'N00914', areas: 'all', years }, indicatorCode: 'forvarv' });
  const ms = performance.now() - started;
  console.log(`${round}: ${kommuner.length} kommuner × ${years.length} years → ${outcome.ok ? `${outcome.result.rows} values, ${outcome.result.changed} changed` : 'refused'} in ${(ms / 1000).toFixed(2)} s`);
}
await handle.close();
await api.close();
