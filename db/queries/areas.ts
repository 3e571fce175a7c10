import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { areas, type Area } from '../schema/index.ts';

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
