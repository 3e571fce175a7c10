/**
 * Lessons learned: what worked, what did not and why, and recommendations to
 * others; linked to an initiative or free-standing. The same publishing,
 * visibility and revision rules as initiatives.
 */
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { getRevisions } from '#db/queries/content.server.ts';
import * as q from '#db/queries/lessons.server.ts';
import type { Lesson } from '#db/schema/index.server.ts';
import { SUCCESS_FACTORS, THEMES, type Visibility } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError, optionalText, parseForm, PLAIN_SUMMARY_MAX_LENGTH, requiredText, type FieldErrors } from '../forms/validation.ts';
import { contentPermissions, editableOrganizationIds, isPublishingAllowed, type ContentResource } from '../policy.ts';
import { publishingChangeErrors } from './group-publishing.server.ts';
import { forbidden, invalid, notFound } from '../http/guards.server.ts';
import { recordChange, revisionActionOf, richTextField, type PublishingChange, type SaveOutcome } from './publishing.server.ts';
import { privateSlug } from '../http/slug.ts';
import { isPathKey, parseWholeNumber } from '../http/form.server.ts';
import { notifyFollowers } from '../follows/follows.server.ts';

export const LESSON_RICH_TEXT_FIELDS = ['whatWorked', 'whatDidNot', 'recommendations'] as const;

const LessonForm = z.object({
  title: requiredText(200),
  summary: requiredText(600),
  plainSummary: optionalText(PLAIN_SUMMARY_MAX_LENGTH),
  initiativeId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || /^[0-9a-f-]{36}$/i.test(v), 'error.initiative.unknown'),
  themes: z.array(z.enum(THEMES, { errorMap: () => ({ message: 'error.choice.invalid' }) })).default([]),
  successFactors: z.array(z.enum(SUCCESS_FACTORS, { errorMap: () => ({ message: 'error.choice.invalid' }) })).default([]),
});

export type LessonSnapshot = q.LessonFields & { state: Lesson['state']; visibility: Visibility };
export type LessonSaveOutcome = SaveOutcome<LessonSnapshot>;

const fieldsOf = (row: Lesson): q.LessonFields => ({
  title: row.title,
  summary: row.summary,
  plainSummary: row.plainSummary,
  initiativeId: row.initiativeId,
  whatWorked: row.whatWorked,
  whatDidNot: row.whatDidNot,
  recommendations: row.recommendations,
  themes: row.themes,
  successFactors: row.successFactors,
});
const snapshotOf = (row: Lesson): LessonSnapshot => ({ ...fieldsOf(row), state: row.state, visibility: row.visibility });
export { fieldsOf as lessonFieldsOf };

/** Parses the form; a linked initiative must belong to an organisation the author edits for. */
async function readFields(ctx: RequestContext, formData: FormData, organizationId: string): Promise<{ ok: true; fields: q.LessonFields } | { ok: false; errors: FieldErrors }> {
  const form = parseForm(LessonForm, formData, { arrays: ['themes', 'successFactors'] });
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const rich = Object.fromEntries(LESSON_RICH_TEXT_FIELDS.map((name) => [name, richTextField(formData, name)]));
  for (const name of LESSON_RICH_TEXT_FIELDS) {
    const r = rich[name]!;
    if (!r.ok) errors[name] = r.error;
  }
  if (form.ok && form.data.initiativeId) {
    const linked = await q.findLinkedInitiative(ctx.services.db, form.data.initiativeId);
    if (!linked || linked.organizationId !== organizationId) errors.initiativeId = fieldError('error.initiative.unknown');
  }
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const doc = (name: (typeof LESSON_RICH_TEXT_FIELDS)[number]) => (rich[name] as { ok: true; doc: Lesson['whatWorked'] }).doc;
  return {
    ok: true,
    fields: {
      title: form.data.title,
      summary: form.data.summary,
      plainSummary: form.data.plainSummary,
      initiativeId: form.data.initiativeId,
      whatWorked: doc('whatWorked'),
      whatDidNot: doc('whatDidNot'),
      recommendations: doc('recommendations'),
      themes: [...new Set(form.data.themes)],
      successFactors: [...new Set(form.data.successFactors)],
    },
  };
}

export async function createLesson(ctx: RequestContext, userId: string, formData: FormData): Promise<LessonSaveOutcome> {
  const organizationId = String(formData.get('organizationId') ?? '');
  if (!editableOrganizationIds(await ctx.actor()).includes(organizationId)) return invalid({ organizationId: fieldError('error.organization.notEditor') }, 403);
  const read = await readFields(ctx, formData, organizationId);
  if (!read.ok) return invalid(read.errors);
  const row = await ctx.services.db.transaction(async (tx) => {
    const created = await q.insertLesson(tx, { slug: await privateSlug(tx, read.fields.title, q.isLessonSlugTaken), organizationId, userId, fields: read.fields });
    await recordChange(tx, { contentType: 'lesson', contentId: created.id, version: created.version, snapshot: snapshotOf(created), action: 'create', authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: 'lesson.create', targetType: 'lesson', targetId: created.id, ip: ctx.ip });
    return created;
  });
  return { ok: true, slug: row.slug };
}

export async function loadLesson(ctx: RequestContext, slug: string) {
  if (!isPathKey(slug)) return null;
  const found = await q.findLessonBySlug(ctx.services.db, slug);
  if (!found) return null;
  const actor = await ctx.actor();
  const resource: ContentResource = {
    organizationId: found.lesson.organizationId,
    organizationVerified: found.organization.verifiedAt !== null,
    state: found.lesson.state,
    visibility: found.lesson.visibility,
    groupId: found.lesson.groupId,
    hiddenAt: found.lesson.hiddenAt,
  };
  return { ...found, actor, can: contentPermissions(actor, resource) };
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadLesson>>>;

async function conflict(db: Db, id: string): Promise<LessonSaveOutcome> {
  const current = (await db.query.lessons.findFirst({ where: (t, { eq }) => eq(t.id, id) }))!;
  const changedBy = current.updatedBy ? ((await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, current.updatedBy!) }))?.name ?? null) : null;
  return { ok: false, status: 409, errors: { form: fieldError('error.version.conflict') }, conflict: { currentVersion: current.version, changedBy, current: snapshotOf(current) } };
}

export async function saveLesson(ctx: RequestContext, loaded: Loaded, userId: string, formData: FormData): Promise<LessonSaveOutcome> {
  if (!loaded.can.edit) forbidden();
  // Whole numbers within PostgreSQL's integer only: "9999999999999999999" is no version either.
  const version = parseWholeNumber(formData.get('version'), { min: 0 });
  if (version === null) return invalid({ form: fieldError('error.version.missing') });
  const read = await readFields(ctx, formData, loaded.lesson.organizationId);
  if (!read.ok) return invalid(read.errors);
  const { db } = ctx.services;
  const saved = await db.transaction(async (tx) => {
    const row = await q.updateLesson(tx, { id: loaded.lesson.id, expectedVersion: version, userId, fields: read.fields });
    if (row) await recordChange(tx, { contentType: 'lesson', contentId: row.id, version: row.version, snapshot: snapshotOf(row), action: 'edit', authorId: userId });
    return row;
  });
  return saved ? { ok: true, slug: saved.slug } : conflict(db, loaded.lesson.id);
}

export async function changeLessonPublishing(ctx: RequestContext, loaded: Loaded, userId: string, change: PublishingChange, version: number): Promise<LessonSaveOutcome> {
  if (!isPublishingAllowed(loaded.can, change)) forbidden();
  const { db } = ctx.services;
  const refused = await publishingChangeErrors(db, await ctx.actor(), change);
  if (refused) return invalid(refused);
  const visibility = change.to === 'published' ? change.visibility : loaded.lesson.visibility;
  const groupId = change.to === 'published' ? change.groupId : loaded.lesson.groupId;
  const saved = await db.transaction(async (tx) => {
    const row = await q.setLessonPublishing(tx, { id: loaded.lesson.id, expectedVersion: version, userId, state: change.to, visibility, groupId });
    if (!row) return null;
    const action = revisionActionOf(change);
    await recordChange(tx, { contentType: 'lesson', contentId: row.id, version: row.version, snapshot: snapshotOf(row), action, authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: `lesson.${action}`, targetType: 'lesson', targetId: row.id, ip: ctx.ip, details: { visibility, groupId } });
    if (change.to === 'published') await notifyFollowers(tx, { type: 'lesson', id: row.id }, userId);
    return row;
  });
  return saved ? { ok: true, slug: saved.slug } : conflict(db, loaded.lesson.id);
}

export async function restoreLessonRevision(ctx: RequestContext, loaded: Loaded, userId: string, fromVersion: number, currentVersion: number): Promise<LessonSaveOutcome> {
  if (!loaded.can.edit) forbidden();
  const { db } = ctx.services;
  const [old] = await getRevisions(db, 'lesson', loaded.lesson.id, [fromVersion]);
  if (!old) notFound('no such revision');
  const s = old.snapshot as unknown as LessonSnapshot;
  const fields: q.LessonFields = { title: s.title, summary: s.summary, plainSummary: s.plainSummary ?? '', initiativeId: s.initiativeId, whatWorked: s.whatWorked, whatDidNot: s.whatDidNot, recommendations: s.recommendations, themes: s.themes, successFactors: s.successFactors };
  if (fields.initiativeId && !(await q.findLinkedInitiative(db, fields.initiativeId))) fields.initiativeId = null;
  const saved = await db.transaction(async (tx) => {
    const row = await q.updateLesson(tx, { id: loaded.lesson.id, expectedVersion: currentVersion, userId, fields });
    if (!row) return null;
    await recordChange(tx, { contentType: 'lesson', contentId: row.id, version: row.version, snapshot: { ...snapshotOf(row), restoredFrom: fromVersion }, action: 'restore', authorId: userId });
    await recordAudit(tx, { actorUserId: userId, action: 'lesson.restore', targetType: 'lesson', targetId: row.id, ip: ctx.ip, details: { fromVersion } });
    return row;
  });
  return saved ? { ok: true, slug: saved.slug } : conflict(db, loaded.lesson.id);
}
