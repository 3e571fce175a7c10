import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { areas, type Area } from '../schema/index.ts';

export async function listMunicipalities(db: Db): Promise<Area[]> {
  return db.select().from(areas).where(eq(areas.kind, 'municipality')).orderBy(asc(areas.name));
}

export async function findArea(db: Db, code: string): Promise<Area | undefined> {
  const [row] = await db.select().from(areas).where(eq(areas.code, code)).limit(1);
  return row;
}
