import type { RequestContext } from '../context.server.ts';
import { requireUser } from '../context.server.ts';
import { pathKey } from '../http/form.server.ts';
import { forbidden, notFound } from '../http/guards.server.ts';
import { groupPermissions, type GroupPermissions, type GroupResource } from '../policy.ts';
import { countGroupLeads, getGroupBySlug } from '#db/queries/groups.server.ts';
import type { WorkingGroup } from '#db/schema/index.server.ts';

export interface GroupAccess {
  group: WorkingGroup;
  resource: GroupResource;
  can: GroupPermissions;
}

export const groupResource = (group: WorkingGroup, leadCount: number): GroupResource => ({
  id: group.id,
  openness: group.openness,
  listed: group.listed,
  archived: group.archivedAt !== null,
  leadCount,
});

/**
 * The group and what this reader may do in it. A group whose name the reader
 * may not even see answers 404, exactly like a group that does not exist, so
 * closed unlisted groups cannot be discovered by guessing.
 */
export async function loadGroupAccess(ctx: RequestContext, slug: string): Promise<GroupAccess> {
  const group = await getGroupBySlug(ctx.services.db, pathKey(slug));
  if (!group) notFound();
  const resource = groupResource(group, await countGroupLeads(ctx.services.db, group.id));
  const can = groupPermissions(await ctx.actor(), resource);
  if (!can.seeName) notFound();
  return { group, resource, can };
}

/**
 * Guard for every page and action inside a group (threads, meetings,
 * decisions, action items, library, activity, members, calendar): members
 * only. Signed-out readers are sent to sign in; signed-in non-members get 404
 * for a closed group (its content does not exist for them) and 403 for an open one.
 */
export async function requireGroupContent(request: Request, ctx: RequestContext, slug: string): Promise<GroupAccess> {
  requireUser(request, ctx);
  const access = await loadGroupAccess(ctx, slug);
  if (access.can.viewContent) return access;
  if (access.group.openness === 'closed') notFound();
  forbidden('members only');
}
