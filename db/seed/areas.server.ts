import { sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas } from '../schema/index.server.ts';
import { forgetAreaNames } from '../queries/areas.server.ts';
import { KOMMUNER, LAN } from './areas-data.server.ts';

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
