import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { workingGroups } from '../schema/index.server.ts';

/** Groups by id: the choices for publishing "for this group only", and the name on such content's badge. */
export async function findGroupsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: workingGroups.id, slug: workingGroups.slug, name: workingGroups.name, archivedAt: workingGroups.archivedAt })
    .from(workingGroups)
    .where(inArray(workingGroups.id, ids))
    .orderBy(asc(workingGroups.name));
}
