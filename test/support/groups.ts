import type { Services } from '#app/services.server.ts';
import { groupMembers, workingGroups } from '#db/schema/index.server.ts';
import type { GroupOpenness, GroupRole } from '#app/vocabulary.ts';
import type { Person } from './people.ts';

let counter = 0;

/**
 * A working group written straight to the database, for tests about what
 * happens inside one. Each member is [person, the organisation they represent, role].
 */
export async function groupWith(
  services: Services,
  opts: { openness: GroupOpenness; listed?: boolean; name?: string; archived?: boolean; members: [Person, string, GroupRole][] },
) {
  const n = ++counter;
  const [group] = await services.db
    .insert(workingGroups)
    .values({
      slug: `grupp-${n}-${process.pid}`,
      name: opts.name ?? `Grupp ${n} ${process.pid}`,
      purpose: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Samverkan i området.' }] }] },
      openness: opts.openness,
      listed: opts.listed ?? false,
      archivedAt: opts.archived ? new Date() : null,
    })
    .returning();
  for (const [person, organizationId, role] of opts.members) {
    await services.db.insert(groupMembers).values({ groupId: group!.id, userId: person.userId, organizationId, role });
  }
  return group!;
}
