import { asc } from 'drizzle-orm';
import { forgetEverywhere, registerCache } from '../cache-bus.server.ts';
import type { Db } from '../client.server.ts';
import { areas, type Area } from '../schema/index.server.ts';

export async function listMunicipalities(db: Db): Promise<Area[]> {
  return (await areaCatalogue(db)).byName.filter((a) => a.kind === 'municipality');
}

/** The areas directly below one: a län's kommuner, or a kommun's districts (RegSO/DeSO), by name. */
export async function listChildAreas(db: Db, parentCode: string): Promise<Area[]> {
  return [...((await areaCatalogue(db)).children.get(parentCode) ?? [])];
}

export async function findArea(db: Db, code: string): Promise<Area | undefined> {
  return (await areaCatalogue(db)).byCode.get(code);
}

/** Every län with its kommuner, for area pickers: län in code order, kommuner by name. */
export async function listAreaGroups(db: Db) {
  const rows = (await areaCatalogue(db)).byName.filter((r) => r.kind === 'county' || r.kind === 'municipality');
  const counties = rows.filter((r) => r.kind === 'county').sort((a, b) => a.code.localeCompare(b.code));
  return counties.map((c) => ({
    code: c.code,
    name: c.name,
    municipalities: rows.filter((r) => r.kind === 'municipality' && r.parentCode === c.code).map((m) => ({ code: m.code, name: m.name })),
  }));
}
export type AreaGroup = Awaited<ReturnType<typeof listAreaGroups>>[number];

interface AreaCatalogue {
  /** Every area, in the database's name order. */
  byName: readonly Area[];
  byCode: ReadonlyMap<string, Area>;
  /** The areas below each parent code, by name. */
  children: ReadonlyMap<string, Area[]>;
  names: ReadonlyMap<string, string>;
}

/** Per database handle, so test databases side by side in one process never share areas. */
let cachedAreas = new WeakMap<Db, Promise<AreaCatalogue>>();

/**
 * Every area (code, kind, name, parent), read once per database handle and then kept in memory: a few
 * thousand short rows with the districts, under a megabyte. Pages look areas up on every view (the area
 * page, an initiative's indicator charts, the search page's area facet), so this saves a round trip
 * each (issue 15). Whatever writes areas (seedAreas at start, the district import) calls
 * forgetAreaNames afterwards. Only the district import writes areas after start; its forgetAreaNames() reaches the
 * other processes on the same PostgreSQL database too (cluster workers, other instances) through the cache bus
 * (db/cache-bus.server.ts, LISTEN/NOTIFY).
 */
function areaCatalogue(db: Db): Promise<AreaCatalogue> {
  let catalogue = cachedAreas.get(db);
  if (!catalogue) {
    catalogue = readAreas(db);
    cachedAreas.set(db, catalogue);
    // A failed read is not kept: the next request tries again.
    catalogue.catch(() => {
      if (cachedAreas.get(db) === catalogue) cachedAreas.delete(db);
    });
  }
  return catalogue;
}

/** Every area's name by code (the search page labels its area facet with them on every request). */
export async function areaNamesByCode(db: Db): Promise<ReadonlyMap<string, string>> {
  return (await areaCatalogue(db)).names;
}

/**
 * Drops the cached areas, so the next lookup reads them again: of one database handle in this process (seedAreas,
 * which every process runs for itself at start), or of all, here and in every process listening on the database.
 */
export function forgetAreaNames(db?: Db): void {
  if (db) cachedAreas.delete(db);
  else forgetEverywhere('areas');
}
registerCache('areas', () => {
  cachedAreas = new WeakMap();
});

async function readAreas(db: Db): Promise<AreaCatalogue> {
  const byName = await db.select().from(areas).orderBy(asc(areas.name));
  const children = new Map<string, Area[]>();
  for (const area of byName) {
    if (!area.parentCode) continue;
    const list = children.get(area.parentCode);
    if (list) list.push(area);
    else children.set(area.parentCode, [area]);
  }
  return { byName, byCode: new Map(byName.map((a) => [a.code, a])), children, names: new Map(byName.map((a) => [a.code, a.name])) };
}
