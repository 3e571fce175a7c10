/**
 * Initiative use-cases: write a draft, save with optimistic concurrency,
 * publish / unpublish / archive, restore an old revision. Every save writes a
 * full revision in the same transaction as the change.
 */
import { and, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { getRevisions } from '#db/queries/content.server.ts';
import * as q from '#db/queries/initiatives.server.ts';
import { areas, organizations, type Initiative } from '#db/schema/index.server.ts';
import { INITIATIVE_STATUSES, SUCCESS_FACTORS, TARGET_GROUPS, THEMES, type Visibility } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import {
  fieldError,
  optionalAmount,
  optionalDate,
  optionalEmail,
  optionalText,
  PLAIN_SUMMARY_MAX_LENGTH,
  optionalUrl,
  parseForm,
  requiredText,
  type FieldErrors,
} from '../forms/validation.ts';
import { contentPermissions, editableOrganizationIds, isPublishingAllowed, type Actor, type ContentResource } from '../policy.ts';
import { publishingChangeErrors } from './group-publishing.server.ts';
import { forbidden, invalid, notFound } from '../http/guards.server.ts';
import { recordChange, revisionActionOf, richTextField, type PublishingChange, type SaveOutcome as Outcome } from './publishing.server.ts';
import { privateSlug } from '../http/slug.ts';
import { isPathKey, parseWholeNumber } from '../http/form.server.ts';
import { notifyFollowers } from '../follows/follows.server.ts';

const enumList = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.array(z.enum(values, { errorMap: () => ({ message }) })).default([]);

export const InitiativeForm = z
  .object({
    title: requiredText(200),
    summary: requiredText(600),
    plainSummary: optionalText(PLAIN_SUMMARY_MAX_LENGTH),
    status: z.enum(INITIATIVE_STATUSES, { errorMap: () => ({ message: 'error.status.invalid' }) }),
    startDate: optionalDate,
    endDate: optionalDate,
    themes: enumList(THEMES, 'error.choice.invalid'),
    targetGroups: enumList(TARGET_GROUPS, 'error.choice.invalid'),
    successFactors: enumList(SUCCESS_FACTORS, 'error.choice.invalid'),
    areaCodes: z.array(z.string().max(10, 'error.area.unknown')).max(50, 'error.area.tooMany').default([]),
    partnerIds: z.array(z.string().uuid('error.organization.unknown')).max(30).default([]),
    // One address per line; a pasted full URL works too.
    inspiredBy: z
      .string()
      .max(4000, 'error.tooLong')
      .optional()
      .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean).map((s) => s.replace(/^.*\/insatser\//, '').replace(/[/?#].*$/, '')))
      .refine((v) => v.length <= 20, 'error.initiative.unknown'),
    fundingSource: optionalText(200),
    fundingAmountSek: optionalAmount,
    evaluationMethod: optionalText(200),
    evaluatedBy: optionalText(200),
    evaluationSummary: optionalText(4000),
    evaluationUrl: optionalUrl,
    contactName: optionalText(120),
    contactEmail: optionalEmail,
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'error.date.endBeforeStart' });
  });
export const INITIATIVE_ARRAY_FIELDS = ['themes', 'targetGroups', 'successFactors', 'areaCodes', 'partnerIds'] as const;


/** What a revision stores and a diff compares: the fields plus how it is published. */
export type InitiativeSnapshot = q.InitiativeFields & { state: Initiative['state']; visibility: Visibility };

/** Parses and checks the form against the database: areas, partners and inspirations must exist. */
async function readFields(db: Db, formData: FormData, actor: Actor, selfId?: string): Promise<{ ok: true; fields: q.InitiativeFields } | { ok: false; errors: FieldErrors }> {
  const form = parseForm(InitiativeForm, formData, { arrays: INITIATIVE_ARRAY_FIELDS });
  if (!form.ok) return form;
  const v = form.data;
  const errors: FieldErrors = {};

  const body = richTextField(formData, 'body');
  if (!body.ok) errors.body = body.error;

  const areaCodes = [...new Set(v.areaCodes)];
  if (areaCodes.length) {
    const found = await db.select({ code: areas.code }).from(areas).where(and(inArray(areas.code, areaCodes), inArray(areas.kind, ['county', 'municipality'])));
    if (found.length !== areaCodes.length) errors.areaCodes = fieldError('error.area.unknown');
  }
  const partnerIds = [...new Set(v.partnerIds)];
  if (partnerIds.length) {
    const found = await db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, partnerIds));
    if (found.length !== partnerIds.length) errors.partnerIds = fieldError('error.organization.unknown');
  }
  const inspiredSlugs = [...new Set(v.inspiredBy)];
  const inspiredRows = await q.findInitiativeIdsBySlugs(db, inspiredSlugs);
  // Only initiatives the author may read can be named as inspiration.
  const readable = inspiredRows.filter((r) => contentPermissions(actor, { ...r, organizationVerified: true }).view);
  if (readable.length !== inspiredSlugs.length || readable.some((r) => r.id === selfId)) errors.inspiredBy = fieldError('error.initiative.unknown');

  if (Object.keys(errors).length > 0 || !body.ok) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      title: v.title,
      summary: v.summary,
      plainSummary: v.plainSummary,
      body: body.doc,
      status: v.status,
      startDate: v.startDate,
      endDate: v.endDate,
      themes: [...new Set(v.themes)],
      targetGroups: [...new Set(v.targetGroups)],
      successFactors: [...new Set(v.successFactors)],
      fundingSource: v.fundingSource || null,
      fundingAmountSek: v.fundingAmountSek,
      evaluationMethod: v.evaluationMethod || null,
      evaluatedBy: v.evaluatedBy || null,
      evaluationSummary: v.evaluationSummary || null,
      evaluationUrl: v.evaluationUrl,
      contactName: v.contactName || null,
      contactEmail: v.contactEmail,
      areaCodes,
      partnerIds,
      inspiredByIds: readable.map((r) => r.id),
    },
  };
}

function snapshotOf(row: Initiative, fields: q.InitiativeFields): InitiativeSnapshot {
  return { ...fields, state: row.state, visibility: row.visibility };
}

/** The current fields of a stored initiative, relations included: for snapshots, edit forms and conflicts. */
export async function currentFields(db: Db, row: Initiative): Promise<q.InitiativeFields> {
  const rel = await q.loadInitiativeRelations(db, row.id);
  const ids = await q.findInitiativeIdsBySlugs(db, rel.inspiredBy.map((i) => i.slug));
  return {
    title: row.title,
    summary: row.summary,
    plainSummary: row.plainSummary,
    body: row.body,
    status: row.status,
    startDate: row.startDate,
    endDate: row.endDate,
    themes: row.themes,
    targetGroups: row.targetGroups,
    successFactors: row.successFactors,
    fundingSource: row.fundingSource,
    fundingAmountSek: row.fundingAmountSek,
    evaluationMethod: row.evaluationMethod,
    evaluatedBy: row.evaluatedBy,
    evaluationSummary: row.evaluationSummary,
    evaluationUrl: row.evaluationUrl,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    areaCodes: rel.areas.map((a) => a.code),
    partnerIds: rel.partners.map((p) => p.id),
    inspiredByIds: ids.map((i) => i.id),
  };
}

export async function createInitiative(ctx: RequestContext, userId: string, formData: FormData): Promise<SaveOutcome> {
  const actor = await ctx.actor();
  const organizationId = String(formData.get('organizationId') ?? '');
  if (!editableOrganizationIds(actor).includes(organizationId)) return invalid({ organizationId: fieldError('error.organization.notEditor') }, 403);
  const { db } = ctx.services;
  const read = await readFields(db, formData, actor);
  if (!read.ok) return invalid(read.errors);
  const row = await db.transaction(async (tx) => {
    const created = await q.insertInitiative(tx, { slug: await privateSlug(tx, read.fields.title, q.isInitiativeSlugTaken), organizationId, userId, fields: read.fields });
    await recordChange(tx, { contentType: 'initiative', contentId: created.id, version: created.version, snapshot: snapshotOf(created, read.fields), action: 'create', authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: 'initiative.create', targetType: 'initiative', targetId: created.id, ip: ctx.ip });
    return created;
  });
  return { ok: true, slug: row.slug };
}

/** The initiative and this reader's permissions on it, or null when it does not exist. */
export async function loadInitiative(ctx: RequestContext, slug: string) {
  if (!isPathKey(slug)) return null;
  const found = await q.findInitiativeBySlug(ctx.services.db, slug);
  if (!found) return null;
  const actor = await ctx.actor();
  const resource: ContentResource = {
    organizationId: found.initiative.organizationId,
    organizationVerified: found.organization.verifiedAt !== null,
    state: found.initiative.state,
    visibility: found.initiative.visibility,
    groupId: found.initiative.groupId,
    hiddenAt: found.initiative.hiddenAt,
  };
  return { ...found, actor, can: contentPermissions(actor, resource) };
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadInitiative>>>;

export type SaveOutcome = Outcome<InitiativeSnapshot>;

/**
 * Saves an edit made from `version`. When someone saved in between, nothing is
 * written and the caller gets the current state to show beside the user's own text.
 */
export async function saveInitiative(ctx: RequestContext, loaded: Loaded, userId: string, formData: FormData): Promise<SaveOutcome> {
  if (!loaded.can.edit) forbidden();
  const { db } = ctx.services;
  // Whole numbers within PostgreSQL's integer only: "9999999999999999999" is no version either.
  const version = parseWholeNumber(formData.get('version'), { min: 0 });
  if (version === null) return invalid({ form: fieldError('error.version.missing') });
  const read = await readFields(db, formData, loaded.actor, loaded.initiative.id);
  if (!read.ok) return invalid(read.errors);
  const saved = await db.transaction(async (tx) => {
    const row = await q.updateInitiative(tx, { id: loaded.initiative.id, expectedVersion: version, userId, fields: read.fields });
    if (!row) return null;
    await recordChange(tx, { contentType: 'initiative', contentId: row.id, version: row.version, snapshot: snapshotOf(row, read.fields), action: 'edit', authorId: userId });
    return row;
  });
  if (!saved) return conflict(db, loaded.initiative.id);
  return { ok: true, slug: saved.slug };
}

async function conflict(db: Db, id: string): Promise<SaveOutcome> {
  const found = await db.query.initiatives.findFirst({ where: (t, { eq: equals }) => equals(t.id, id) });
  const current = found!;
  const changedBy = current.updatedBy ? ((await db.query.users.findFirst({ where: (u, { eq: equals }) => equals(u.id, current.updatedBy!) }))?.name ?? null) : null;
  return {
    ok: false,
    status: 409,
    errors: { form: fieldError('error.version.conflict') },
    conflict: { currentVersion: current.version, changedBy, current: snapshotOf(current, await currentFields(db, current)) },
  };
}

export async function changePublishing(ctx: RequestContext, loaded: Loaded, userId: string, change: PublishingChange, version: number): Promise<SaveOutcome> {
  const { can, initiative } = loaded;
  if (!isPublishingAllowed(can, change)) forbidden();
  const { db } = ctx.services;
  const refused = await publishingChangeErrors(db, await ctx.actor(), change);
  if (refused) return invalid(refused);
  const visibility = change.to === 'published' ? change.visibility : initiative.visibility;
  const groupId = change.to === 'published' ? change.groupId : initiative.groupId;
  const saved = await db.transaction(async (tx) => {
    const row = await q.setInitiativePublishing(tx, { id: initiative.id, expectedVersion: version, userId, state: change.to, visibility, groupId });
    if (!row) return null;
    const action = revisionActionOf(change);
    await recordChange(tx, { contentType: 'initiative', contentId: row.id, version: row.version, snapshot: snapshotOf(row, await currentFields(tx, row)), action, authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: `initiative.${action}`, targetType: 'initiative', targetId: row.id, ip: ctx.ip, details: { visibility, groupId } });
    if (change.to === 'published') await notifyFollowers(tx, { type: 'initiative', id: row.id }, userId);
    return row;
  });
  if (!saved) return conflict(db, initiative.id);
  return { ok: true, slug: saved.slug };
}

/** Restores the fields of an old revision as a new revision; publishing state stays as it is now. */
export async function restoreRevision(ctx: RequestContext, loaded: Loaded, userId: string, fromVersion: number, currentVersion: number): Promise<SaveOutcome> {
  if (!loaded.can.edit) forbidden();
  const { db } = ctx.services;
  const [old] = await getRevisions(db, 'initiative', loaded.initiative.id, [fromVersion]);
  if (!old) notFound('no such revision');
  const fields = old.snapshot as unknown as InitiativeSnapshot;
  // Relations may point at things deleted since; keep only what still exists.
  const existingAreas = fields.areaCodes.length ? (await db.select({ code: areas.code }).from(areas).where(inArray(areas.code, fields.areaCodes))).map((a) => a.code) : [];
  const existingPartners = fields.partnerIds.length ? (await db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, fields.partnerIds))).map((o) => o.id) : [];
  // A revision from before the plain-language summary existed restores it as none.
  const restored: q.InitiativeFields = { ...fields, plainSummary: fields.plainSummary ?? '', areaCodes: existingAreas, partnerIds: existingPartners };
  const saved = await db.transaction(async (tx) => {
    const row = await q.updateInitiative(tx, { id: loaded.initiative.id, expectedVersion: currentVersion, userId, fields: restored });
    if (!row) return null;
    await recordChange(tx, { contentType: 'initiative', contentId: row.id, version: row.version, snapshot: { ...snapshotOf(row, restored), restoredFrom: fromVersion }, action: 'restore', authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: 'initiative.restore', targetType: 'initiative', targetId: row.id, ip: ctx.ip, details: { fromVersion } });
    return row;
  });
  if (!saved) return conflict(db, loaded.initiative.id);
  return { ok: true, slug: saved.slug };
}

/** Organisations the actor may publish for, to choose the owner of a new initiative. */
export async function ownerChoices(db: Db, actor: Actor) {
  const ids = editableOrganizationIds(actor);
  if (ids.length === 0) return [];
  return db.select({ id: organizations.id, name: organizations.name, verified: organizations.verifiedAt }).from(organizations).where(inArray(organizations.id, ids));
}

