/**
 * Publishing "for this group only": which groups an editor may choose, the
 * specific reasons a choice is refused, and the group named on such content.
 * Shared by initiatives and lessons; the rule itself is in app/policy.ts.
 */
import type { Db } from '#db/client.server.ts';
import { findGroupsByIds } from '#db/queries/group-publishing.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { fieldError, type FieldErrors } from '../forms/validation.ts';
import { canPublishToGroup, groupPublishingRefusal, publishableVisibilities, type Actor } from '../policy.ts';
import type { PublishingChange } from './publishing.server.ts';

/** The active groups the actor belongs to: the choices in the publishing panel's group select. */
export async function publishingGroupChoices(db: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
  const groups = await findGroupsByIds(db, actor.groupMemberships.map((g) => g.groupId));
  return groups.filter((g) => canPublishToGroup(actor, g.id, { archived: g.archivedAt !== null })).map((g) => ({ id: g.id, name: g.name }));
}

/**
 * Why this publishing change may not be made, as errors on the form's fields;
 * null when it may. "group" needs a group the actor belongs to that is not archived.
 */
export async function publishingChangeErrors(db: Db, actor: Actor, change: PublishingChange): Promise<FieldErrors | null> {
  if (change.to !== 'published') return null;
  if (change.visibility !== 'group') {
    return publishableVisibilities(actor).includes(change.visibility) ? null : { visibility: fieldError('error.visibility.invalid') };
  }
  if (!change.groupId) return { groupId: fieldError('error.publishGroup.required') };
  const [group] = await findGroupsByIds(db, [change.groupId]);
  // A group that does not exist reads like one the actor is not in: nothing is revealed.
  const refusal = group ? groupPublishingRefusal(actor, group.id, { archived: group.archivedAt !== null }) : 'notMember';
  if (refusal === 'archived') return { groupId: fieldError('error.publishGroup.archived') };
  if (refusal === 'notMember') return { groupId: fieldError('error.publishGroup.notMember') };
  return null;
}

/** The group content is shared with, for the "shared only with group X" badge; null for other visibilities. */
export async function sharedWithGroup(db: Db, content: { visibility: Visibility; groupId: string | null }): Promise<{ name: string; slug: string } | null> {
  if (content.visibility !== 'group' || !content.groupId) return null;
  const [group] = await findGroupsByIds(db, [content.groupId]);
  return group ? { name: group.name, slug: group.slug } : null;
}
