/**
 * Working groups: the directory, creating a group, its overview and its
 * settings (editing, archiving). Membership (join requests, invitations,
 * roles, leaving) lives in membership.server.ts. Access answers come from
 * app/policy.ts; every write spanning tables runs in one transaction.
 */
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { findArea, listAreaGroups } from '#db/queries/areas.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import * as memberQueries from '#db/queries/group-membership.server.ts';
import * as q from '#db/queries/groups.server.ts';
import { GROUP_OPENNESS, type Sector } from '#app/vocabulary.ts';
import { richTextField } from '../content/publishing.server.ts';
import type { RequestContext } from '../context.server.ts';
import { assertAllowed, forbidden, invalid, type Outcome } from '../http/guards.server.ts';
import { privateSlug } from '../http/slug.ts';
import { fieldError, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { canCreateGroup, canRepresentOrganization, groupPermissions, type Actor } from '../policy.ts';
import { isRichTextEmpty, renderRichTextHtml, type RichTextDoc } from '../rich-text/document.server.ts';
import { type GroupAccess } from './access.server.ts';
import { recentActivityFrom, recentActivityQuery } from './activity.server.ts';
import { oneStatement } from '#db/one-statement.server.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { isUniqueViolation } from '#db/errors.server.ts';


// ---------------------------------------------------------------------------
// Directory and area listings

/** One line of a group listing, with counts only where the reader may see the overview. */
function summaryFor(actor: Actor, row: q.GroupSummaryRow) {
  const can = groupPermissions(actor, { id: row.id, openness: row.openness, listed: row.listed, archived: row.archivedAt !== null, leadCount: row.leadCount });
  return {
    can,
    view: {
      slug: row.slug,
      name: row.name,
      openness: row.openness,
      archived: row.archivedAt !== null,
      areaName: row.areaName,
      counts: can.viewOverview ? { members: row.memberCount, organizations: row.organizationCount } : null,
    },
  };
}

/** The group directory: the reader's own groups first, then every other group whose name they may see. */
export async function loadDirectory(ctx: RequestContext) {
  const actor = await ctx.actor();
  const rows = await q.listGroupSummaries(ctx.services.db, { memberOf: actor.groupMemberships.map((g) => g.groupId) });
  const visible = rows.map((r) => summaryFor(actor, r)).filter((s) => s.can.seeName);
  return {
    mine: visible.filter((s) => s.can.isMember).map((s) => s.view),
    others: visible.filter((s) => !s.can.isMember).map((s) => s.view),
    canCreate: canCreateGroup(actor),
  };
}

/** Groups concerning an area (the kommun itself or its län) whose name the reader may see. */
export function groupsForAreaQuery(db: Db, actor: Actor, areaCodes: string[]) {
  return q.listGroupSummaries(db, { memberOf: actor.groupMemberships.map((g) => g.groupId), areaCodes });
}
/** Of those rows (groupsForAreaQuery), the groups whose name the policy lets this reader see. */
export function groupsForAreaFrom(actor: Actor, rows: q.GroupSummaryRow[]) {
  return rows.map((r) => summaryFor(actor, r)).filter((s) => s.can.seeName).map((s) => s.view);
}

// ---------------------------------------------------------------------------
// The group form (create and settings)

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

export const GroupSettingsForm = z.object({
  name: requiredText(120),
  areaCode: z
    .string()
    .trim()
    .max(10, 'error.area.unknown')
    .optional()
    .transform((v) => v || null),
  openness: z.enum(GROUP_OPENNESS, { errorMap: () => ({ message: 'error.group.openness' }) }),
  listed: checkbox,
});

export const CreateGroupForm = GroupSettingsForm.extend({
  organizationId: z.string({ required_error: 'error.group.organization' }).trim().min(1, 'error.group.organization'),
});

/** Reads the shared fields of the group form, checking the purpose and the area against the database. */
async function readGroupFields(db: Db, formData: FormData, errors: FieldErrors): Promise<q.GroupFields | null> {
  const form = parseForm(GroupSettingsForm, formData);
  if (!form.ok) Object.assign(errors, form.errors);
  const purpose = richTextField(formData, 'purpose');
  if (!purpose.ok) errors.purpose = purpose.error;
  else if (isRichTextEmpty(purpose.doc)) errors.purpose = fieldError('error.required');
  let areaCode: string | null = null;
  if (form.ok && form.data.areaCode) {
    const area = await findArea(db, form.data.areaCode);
    if (area?.kind !== 'municipality' && area?.kind !== 'county') errors.areaCode = fieldError('error.area.unknown');
    else areaCode = area.code;
  }
  if (!form.ok || !purpose.ok || Object.keys(errors).length > 0) return null;
  return {
    name: form.data.name,
    purpose: purpose.doc,
    areaCode,
    openness: form.data.openness,
    // "Listed" only means something for a closed group: an open one always shows.
    listed: form.data.openness === 'closed' && form.data.listed,
  };
}

/** What a failed save shows again, whichever way the purpose was sent. */
export function groupFormValues(formData: FormData) {
  const purpose = richTextField(formData, 'purpose');
  const text = (name: string) => String(formData.get(name) ?? '');
  return {
    name: text('name'),
    purpose: purpose.ok ? (purpose.doc as RichTextDoc | null) : null,
    areaCode: text('areaCode'),
    openness: text('openness'),
    listed: formData.get('listed') !== null,
    organizationId: text('organizationId'),
  };
}
export type GroupFormValues = ReturnType<typeof groupFormValues>;

/** Choices for the group form: areas, and the organisations the creator may represent. */
export async function loadGroupFormOptions(ctx: RequestContext, userId: string) {
  const { db } = ctx.services;
  const [areaGroups, organizations] = await Promise.all([listAreaGroups(db), memberQueries.listRepresentableOrganizations(db, userId)]);
  return { areaGroups, organizations: organizations.map((o) => ({ value: o.id, label: o.name })) };
}

// ---------------------------------------------------------------------------
// Creating

/** Paths under /grupper/ that are pages of their own, never a group. */
const RESERVED_SLUGS = new Set(['ny', 'inbjudan']);

const isGroupSlugUnavailable = async (db: Db, slug: string) => RESERVED_SLUGS.has(slug) || q.isGroupSlugTaken(db, slug);

/** Creates the group with its creator as the first lead, representing the organisation they chose. */
export async function createGroup(ctx: RequestContext, userId: string, formData: FormData): Promise<Outcome<{ slug: string }>> {
  const actor = await ctx.actor();
  assertAllowed(canCreateGroup(actor));
  const { db } = ctx.services;
  const errors: FieldErrors = {};
  const org = parseForm(CreateGroupForm.pick({ organizationId: true }), formData);
  if (!org.ok) Object.assign(errors, org.errors);
  else if (!canRepresentOrganization(actor, org.data.organizationId)) errors.organizationId = fieldError('error.group.organizationNotYours');
  const fields = await readGroupFields(db, formData, errors);
  if (!fields || !org.ok || Object.keys(errors).length > 0) return invalid(errors);

  // Two groups created at once with the same name race for the slug; the loser tries the next one.
  for (let attempt = 1; ; attempt++) {
    try {
      const group = await db.transaction(async (tx) => {
        const created = await q.insertGroup(tx, { ...fields, slug: await privateSlug(tx, fields.name, isGroupSlugUnavailable), createdBy: userId });
        await memberQueries.addGroupMember(tx, { groupId: created.id, userId, organizationId: org.data.organizationId, role: 'lead' });
        await q.recordGroupActivity(tx, { groupId: created.id, actorId: userId, kind: 'group_created', subjectId: created.id, data: { name: created.name } });
        await enqueueSearchSync(tx, { type: 'group', id: created.id });
        await recordAudit(tx, { actorUserId: userId, action: 'group.create', targetType: 'group', targetId: created.id, ip: ctx.ip });
        return created;
      });
      return { ok: true, slug: group.slug };
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------
// The overview

/** Organisations represented in the group and how they spread over sectors. */
function representation(organizations: Awaited<ReturnType<typeof memberQueries.listRepresentedOrganizations>>) {
  const bySector = new Map<Sector, { sector: Sector; organizations: number; members: number }>();
  for (const o of organizations) {
    const entry = bySector.get(o.sector) ?? { sector: o.sector, organizations: 0, members: 0 };
    entry.organizations += 1;
    entry.members += o.members;
    bySector.set(o.sector, entry);
  }
  return {
    organizations: organizations.map((o) => ({ slug: o.slug, name: o.name, sector: o.sector, members: o.members })),
    sectors: [...bySector.values()].sort((a, b) => b.organizations - a.organizations || a.sector.localeCompare(b.sector)),
  };
}

/**
 * The overview page for this reader. Members see everything; a signed-in
 * non-member of an open group sees the purpose and who takes part and may ask
 * to join; of a closed group an outsider sees only the name; a signed-out
 * reader of an open group sees the name and is asked to sign in.
 */
export async function loadOverview(ctx: RequestContext, access: GroupAccess) {
  const { group, can } = access;
  const { db } = ctx.services;
  const head = { slug: group.slug, name: group.name, openness: group.openness, archived: group.archivedAt !== null };
  if (!can.viewOverview) {
    if (ctx.auth || group.openness === 'closed') return { view: 'closed' as const, group: head };
    return { view: 'signed-out' as const, group: head };
  }
  const areaName = await q.findAreaName(db, group.areaCode); // the in-memory area catalogue
  const details = { ...head, listed: group.listed, areaCode: group.areaCode, areaName, purposeHtml: renderRichTextHtml(group.purpose) };
  // The rest of the overview in one round trip (issue 15): a member's and a visitor's parts differ.
  if (can.isMember) {
    const folded = await oneStatement(db, {
      represented: memberQueries.listRepresentedOrganizations(db, group.id),
      sections: q.groupSectionsQuery(db, group.id),
      requests: can.approveRequests ? memberQueries.listGroupJoinRequests(db, group.id) : null,
      activity: recentActivityQuery(db, group.id),
    });
    const recentActivity = await recentActivityFrom(ctx, group, folded.activity);
    return { view: 'member' as const, group: details, ...representation(folded.represented), sections: q.sectionsOf(folded.sections), pendingRequests: folded.requests.length, recentActivity, can };
  }
  const userId = ctx.auth!.user.id;
  const folded = await oneStatement(db, {
    represented: memberQueries.listRepresentedOrganizations(db, group.id),
    request: memberQueries.groupJoinRequestQuery(db, group.id, userId),
    organizations: memberQueries.listRepresentableOrganizations(db, userId),
  });
  const represented = representation(folded.represented);
  const [request] = folded.request;
  const organizations = folded.organizations;
  const join = request
    ? ('pending' as const)
    : can.requestJoin
      ? ('form' as const)
      : group.archivedAt !== null
        ? ('archived' as const)
        : ('no-organization' as const);
  return {
    view: 'visitor' as const,
    group: details,
    ...represented,
    join,
    representable: organizations.map((o) => ({ value: o.id, label: o.name })),
  };
}

// ---------------------------------------------------------------------------
// Settings and archiving (leads only)

export async function loadSettings(ctx: RequestContext, access: GroupAccess) {
  const { group, can } = access;
  assertAllowed(can.isLead, 'only leads change a group');
  return {
    group: {
      slug: group.slug,
      name: group.name,
      purpose: group.purpose,
      areaCode: group.areaCode ?? '',
      openness: group.openness,
      listed: group.listed,
      archived: group.archivedAt !== null,
    },
    areaGroups: await listAreaGroups(ctx.services.db),
    can,
  };
}

export async function updateGroupSettings(ctx: RequestContext, access: GroupAccess, userId: string, formData: FormData): Promise<Outcome> {
  assertAllowed(access.can.manage, 'only leads of an active group change it');
  const { db } = ctx.services;
  const errors: FieldErrors = {};
  const fields = await readGroupFields(db, formData, errors);
  if (!fields) return invalid(errors);
  await db.transaction(async (tx) => {
    const locked = await q.lockGroup(tx, access.group.id);
    // Archived in the meantime: the group is read-only now.
    if (!locked || locked.archivedAt !== null) forbidden('the group is archived');
    await q.updateGroup(tx, access.group.id, fields);
    // Openness decides who finds the group in search, so the document follows in the same transaction.
    await enqueueSearchSync(tx, { type: 'group', id: access.group.id });
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'group.update',
      targetType: 'group',
      targetId: access.group.id,
      ip: ctx.ip,
      details: { openness: fields.openness, listed: fields.listed },
    });
  });
  return { ok: true };
}

const ArchiveForm = z.object({ confirm: z.literal('yes', { errorMap: () => ({ message: 'error.group.confirmArchive' }) }) });

/** Archives the group after an explicit confirmation; from then on it is read-only. */
export async function archiveGroup(ctx: RequestContext, access: GroupAccess, userId: string, formData: FormData): Promise<Outcome> {
  assertAllowed(access.can.archive, 'only leads of an active group archive it');
  const form = parseForm(ArchiveForm, formData);
  if (!form.ok) return invalid(form.errors);
  const archived = await ctx.services.db.transaction(async (tx) => {
    if (!(await q.archiveGroup(tx, access.group.id))) return false;
    await q.recordGroupActivity(tx, { groupId: access.group.id, actorId: userId, kind: 'group_archived', subjectId: access.group.id, data: { name: access.group.name } });
    await recordAudit(tx, { actorUserId: userId, action: 'group.archive', targetType: 'group', targetId: access.group.id, ip: ctx.ip });
    return true;
  });
  if (!archived) forbidden('already archived');
  return { ok: true };
}
