import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { areas } from '../schema/index.ts';
import { KOMMUNER, LAN } from './areas-data.ts';

/** Inserts Sweden, its 21 län and 290 kommuner; safe to run on every start. */
export async function seedAreas(db: Db): Promise<void> {
  const rows = [
    { code: 'SE', kind: 'country' as const, name: 'Sverige', parentCode: null },
    ...LAN.map((l) => ({ code: l.code, kind: 'county' as const, name: l.name, parentCode: 'SE' })),
    ...KOMMUNER.map((k) => ({ code: k.code, kind: 'municipality' as const, name: k.name, parentCode: k.code.slice(0, 2) })),
  ];
  await db
    .insert(areas)
    .values(rows)
    .onConflictDoUpdate({ target: areas.code, set: { name: sql`excluded.name`, parentCode: sql`excluded.parent_code`, kind: sql`excluded.kind` } });
  forgetAreaNames(db);
}

/** Per database handle, so test databases side by side in one process never share names. */
let cachedAreaNames = new WeakMap<Db, Promise<ReadonlyMap<string, string>>>();

/**
 * Every area's name by code, read once per database handle and then kept in
 * memory (about 300 short strings): the search page labels its area facet with
 * them on every request. Areas are written only by seedAreas above, at start,
 * which forgets the cached names; whatever writes areas in future must call
 * forgetAreaNames too. Another process seeding the same database is not seen
 * until this one restarts, which a release (the only source of new areas) does.
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
