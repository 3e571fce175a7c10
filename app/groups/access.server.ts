import type { RequestContext } from '../context.server.ts';
import { requireUser } from '../context.server.ts';
import { pathKey } from '../http/form.server.ts';
import { forbidden, notFound } from '../http/guards.server.ts';
import { groupPermissions, type GroupPermissions, type GroupResource } from '../policy.ts';
import type { Db } from '#db/client.server.ts';
import { getGroupWithLeadCount } from '#db/queries/groups.server.ts';
import { groupLeadIds } from '#db/queries/group-membership.server.ts';
import type { WorkingGroup } from '#db/schema/index.server.ts';

export interface GroupAccess {
  group: WorkingGroup;
  resource: GroupResource;
  can: GroupPermissions;
}

/** The group as the policy sees it; `db` may be a transaction that has locked the group row. */
export async function loadGroupResource(db: Db, group: WorkingGroup): Promise<GroupResource> {
  return groupResource(group, (await groupLeadIds(db, group.id)).length);
}

function groupResource(group: WorkingGroup, leadCount: number): GroupResource {
  return { id: group.id, openness: group.openness, listed: group.listed, archived: group.archivedAt !== null, leadCount };
}

/**
 * One lookup per request and group: the `grupper/:slug` layout and the page
 * inside it run their loaders side by side on a document request, and both
 * guard themselves (a client navigation runs only the page's loader). Keyed
 * by the request context, which every loader of one request shares. Actions
 * always read afresh, and so do the loaders after an action, which receive a
 * new request but the same context: only GET requests take part.
 */
const accessByRequest = new WeakMap<RequestContext, Map<string, Promise<GroupAccess>>>();

async function readGroupAccess(ctx: RequestContext, slug: string): Promise<GroupAccess> {
  // The group and its lead count in one prepared round trip (issue 15).
  const found = await getGroupWithLeadCount(ctx.services.db, slug);
  if (!found) notFound();
  const { group } = found;
  const resource = groupResource(group, found.leadCount);
  const can = groupPermissions(await ctx.actor(), resource);
  if (!can.seeName) notFound();
  return { group, resource, can };
}

/**
 * The group and what this reader may do in it. A group whose name the reader
 * may not even see answers 404, exactly like a group that does not exist, so
 * closed unlisted groups cannot be discovered by guessing.
 */
export function loadGroupAccess(request: Request, ctx: RequestContext, slug: string | undefined): Promise<GroupAccess> {
  const key = pathKey(slug);
  if (request.method !== 'GET' && request.method !== 'HEAD') return readGroupAccess(ctx, key);
  let byslug = accessByRequest.get(ctx);
  if (!byslug) accessByRequest.set(ctx, (byslug = new Map()));
  let access = byslug.get(key);
  if (!access) byslug.set(key, (access = readGroupAccess(ctx, key)));
  return access;
}

/**
 * Guard for every page and action inside a group (threads, meetings,
 * decisions, action items, library, activity, members, calendar): members
 * only. Signed-out readers are sent to sign in; signed-in non-members get 404
 * for a closed group (its content does not exist for them) and 403 for an open one.
 */
export async function requireGroupContent(request: Request, ctx: RequestContext, slug: string | undefined): Promise<GroupAccess> {
  requireUser(request, ctx);
  const access = await loadGroupAccess(request, ctx, slug);
  if (access.can.viewContent) return access;
  if (access.group.openness === 'closed') notFound();
  forbidden('members only');
}
