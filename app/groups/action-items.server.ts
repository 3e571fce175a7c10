/**
 * A group's action items: who does what by when. An item is owned by a
 * current member or by an organisation a current member represents in the
 * group; closing and reopening follow canUpdateActionItem in the policy.
 */
import { z } from 'zod';
import { getGroupActionItem, insertGroupActionItem, setActionItemStatus } from '#db/queries/group-action-items.server.ts';
import { groupMembersRepresenting, listGroupMemberNames } from '#db/queries/group-membership.server.ts';
import { getGroupDecision } from '#db/queries/group-decisions.server.ts';
import { recordGroupActivity } from '#db/queries/groups.server.ts';
import type { Db } from '#db/client.server.ts';
import type { SessionUser } from '../auth/session.server.ts';
import { notFound, type RequestContext } from '../context.server.ts';
import { fieldError, optionalDate, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { compareSwedish } from '../i18n/format.ts';
import { notify } from '../notifications/notify.server.ts';
import { canUpdateActionItem } from '../policy.ts';
import { type GroupAccess } from './access.server.ts';
import { assertAllowed, type Outcome } from '../http/guards.server.ts';
import { ACTION_TITLE_MAX } from './limits.ts';
import { isUuid } from '../http/uuid.ts';

export const actionItemsPath = (slug: string) => `/grupper/${slug}/atgarder`;

/** Owner choices travel as "user:<id>" or "org:<id>" in one select. */
export type OwnerRef = { kind: 'user'; id: string } | { kind: 'org'; id: string };

export function parseOwnerRef(value: string): OwnerRef | null {
  const match = /^(user|org):(.+)$/.exec(value);
  if (!match || !isUuid(match[2])) return null;
  return { kind: match[1] as OwnerRef['kind'], id: match[2] };
}

export const ownerRefValue = (ref: OwnerRef) => `${ref.kind}:${ref.id}`;

export const ActionItemForm = z.object({
  title: requiredText(ACTION_TITLE_MAX),
  owner: z
    .string({ required_error: 'error.required', invalid_type_error: 'error.required' })
    .trim()
    .min(1, 'error.required'),
  dueDate: optionalDate,
  decisionId: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null),
});

/** Who may own an item in this group now: its members, and the organisations they represent. */
export async function ownerChoices(db: Db, groupId: string) {
  const members = await listGroupMemberNames(db, groupId);
  const organizations = new Map<string, string>();
  for (const m of members) organizations.set(m.organizationId, m.organizationName);
  return {
    members: members.map((m) => ({ id: m.userId, name: m.name, organizationName: m.organizationName })),
    organizations: [...organizations].map(([id, name]) => ({ id, name })).sort((a, b) => compareSwedish(a.name, b.name)),
  };
}

export async function createActionItem(ctx: RequestContext, access: GroupAccess, user: SessionUser, formData: FormData): Promise<Outcome<{ itemId: string }>> {
  assertAllowed(access.can.createActionItems);
  const form = parseForm(ActionItemForm, formData);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors };
  const v = form.data;
  const { db } = ctx.services;
  const errors: FieldErrors = {};

  const choices = await ownerChoices(db, access.group.id);
  const owner = parseOwnerRef(v.owner);
  const ownerName =
    owner?.kind === 'user' ? choices.members.find((m) => m.id === owner.id)?.name : owner?.kind === 'org' ? choices.organizations.find((o) => o.id === owner.id)?.name : undefined;
  if (!owner || ownerName === undefined) errors.owner = fieldError('error.actionItem.owner');

  if (v.decisionId !== null && !(isUuid(v.decisionId) && (await getGroupDecision(db, access.group.id, v.decisionId)))) {
    errors.decisionId = fieldError('error.actionItem.decision');
  }
  if (Object.keys(errors).length > 0 || !owner || ownerName === undefined) return { ok: false, status: 400, errors };

  const item = await db.transaction(async (tx) => {
    const row = await insertGroupActionItem(tx, {
      groupId: access.group.id,
      title: v.title,
      ownerUserId: owner.kind === 'user' ? owner.id : null,
      ownerOrganizationId: owner.kind === 'org' ? owner.id : null,
      dueDate: v.dueDate,
      decisionId: v.decisionId,
      createdBy: user.id,
    });
    await recordGroupActivity(tx, { groupId: access.group.id, actorId: user.id, kind: 'action_created', subjectId: row.id, data: { title: row.title, owner: ownerName } });
    // An organisation's item reaches the members who represent it in this group.
    const recipients = owner.kind === 'user' ? [owner.id] : await groupMembersRepresenting(tx, access.group.id, owner.id);
    await notify(tx, {
      recipients,
      kind: 'action_item',
      groupId: access.group.id,
      actorId: user.id,
      messageKey: 'groupAction.notice.assigned',
      params: { actor: user.name, group: access.group.name, title: row.title, owner: ownerName, due: row.dueDate ?? '–' },
      url: `${actionItemsPath(access.group.slug)}#atgard-${row.id}`,
    });
    return row;
  });
  return { ok: true, itemId: item.id };
}

/** Marks an item done or open again; 404 for another group's item, 403 for someone the policy does not allow. */
export async function setActionItemDone(ctx: RequestContext, access: GroupAccess, user: SessionUser, itemId: unknown, done: boolean): Promise<Outcome> {
  const { db } = ctx.services;
  if (!isUuid(itemId)) notFound();
  const item = await getGroupActionItem(db, access.group.id, itemId);
  if (!item) notFound();
  assertAllowed(canUpdateActionItem(await ctx.actor(), access.resource, item));
  const status = done ? 'done' : 'open';
  if (item.status === status) return { ok: true };
  await db.transaction(async (tx) => {
    const row = await setActionItemStatus(tx, item.id, status, user.id);
    // The vocabulary has no kind for reopening: only completion is an event in the feed.
    if (done) await recordGroupActivity(tx, { groupId: access.group.id, actorId: user.id, kind: 'action_done', subjectId: row.id, data: { title: row.title } });
  });
  return { ok: true };
}
