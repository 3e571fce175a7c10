import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, type Area } from '../schema/index.server.ts';

export async function listMunicipalities(db: Db): Promise<Area[]> {
  return db.select().from(areas).where(eq(areas.kind, 'municipality')).orderBy(asc(areas.name));
}

/** The areas directly below one: a län's kommuner, or a kommun's districts (RegSO/DeSO), by name. */
export async function listChildAreas(db: Db, parentCode: string): Promise<Area[]> {
  return db.select().from(areas).where(eq(areas.parentCode, parentCode)).orderBy(asc(areas.name));
}

export async function findArea(db: Db, code: string): Promise<Area | undefined> {
  const [row] = await db.select().from(areas).where(eq(areas.code, code)).limit(1);
  return row;
}

/** Every län with its kommuner, for area pickers: län in code order, kommuner by name. */
export async function listAreaGroups(db: Db) {
  const rows = await db.select().from(areas).where(inArray(areas.kind, ['county', 'municipality'])).orderBy(asc(areas.name));
  const counties = rows.filter((r) => r.kind === 'county').sort((a, b) => a.code.localeCompare(b.code));
  return counties.map((c) => ({
    code: c.code,
    name: c.name,
    municipalities: rows.filter((r) => r.kind === 'municipality' && r.parentCode === c.code).map((m) => ({ code: m.code, name: m.name })),
  }));
}
export type AreaGroup = Awaited<ReturnType<typeof listAreaGroups>>[number];

/** Per database handle, so test databases side by side in one process never share names. */
let cachedAreaNames = new WeakMap<Db, Promise<ReadonlyMap<string, string>>>();

/**
 * Every area's name by code, read once per database handle and then kept in
 * memory (about 300 short strings): the search page labels its area facet with
 * them on every request. Whatever writes areas (seedAreas at start, the district
 * import) calls forgetAreaNames afterwards. Another process's writes are not seen
 * until this one restarts; only district names can change that way, and search
 * facets name kommuner and län.
 */
export function areaNamesByCode(db: Db): Promise<ReadonlyMap<string, string>> {
  let names = cachedAreaNames.get(db);
  if (!names) {
    names = readAreaNames(db);
    cachedAreaNames.set(db, names);
    // A failed read is not kept: the next request tries again.
    names.catch(() => {
      if (cachedAreaNames.get(db) === names) cachedAreaNames.delete(db);
    });
  }
  return names;
}

/** Drops the cached names (of one database handle, or of all), so the next areaNamesByCode() reads them again. */
export function forgetAreaNames(db?: Db): void {
  if (db) cachedAreaNames.delete(db);
  else cachedAreaNames = new WeakMap();
}

async function readAreaNames(db: Db): Promise<ReadonlyMap<string, string>> {
  const rows = await db.select({ code: areas.code, name: areas.name }).from(areas);
  return new Map(rows.map((r) => [r.code, r.name]));
}
