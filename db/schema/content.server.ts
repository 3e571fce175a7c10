import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CONTENT_STATES, INITIATIVE_STATUSES, VISIBILITIES, type SuccessFactor, type TargetGroup, type Theme } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { areas } from './areas.server.ts';
import { organizations } from './organizations.server.ts';
import { workingGroups } from './groups.server.ts';
import { moderation } from './moderation.server.ts';

/** ProseMirror/Tiptap JSON as stored; always sanitised before it is written. */
export type RichTextJson = { type: 'doc'; content?: unknown[] };

/** Columns every published piece of content shares: who owns it, who may read it, its life cycle. */
export const publishing = () => ({
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'restrict' }),
  visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('public'),
  /** Only with visibility 'group': the working group whose members may read it. */
  groupId: uuid('group_id').references(() => workingGroups.id, { onDelete: 'restrict' }),
  state: text('state', { enum: CONTENT_STATES }).notNull().default('draft'),
  /** Optimistic concurrency: every save must name the version it started from. */
  version: integer('version').notNull().default(1),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  ...moderation(),
});

export const initiatives = pgTable(
  'initiatives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** "Lättläst sammanfattning": an optional short summary in plain language (issue 14); '' when there is none. */
    plainSummary: text('plain_summary').notNull().default(''),
    body: jsonb('body').$type<RichTextJson>().notNull(),
    status: text('status', { enum: INITIATIVE_STATUSES }).notNull(),
    startDate: date('start_date'),
    endDate: date('end_date'),
    themes: text('themes').array().$type<Theme[]>().notNull().default(sql`'{}'`),
    targetGroups: text('target_groups').array().$type<TargetGroup[]>().notNull().default(sql`'{}'`),
    successFactors: text('success_factors').array().$type<SuccessFactor[]>().notNull().default(sql`'{}'`),
    fundingSource: text('funding_source'),
    fundingAmountSek: bigint('funding_amount_sek', { mode: 'number' }),
    evaluationMethod: text('evaluation_method'),
    evaluatedBy: text('evaluated_by'),
    evaluationSummary: text('evaluation_summary'),
    evaluationUrl: text('evaluation_url'),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    ...publishing(),
  },
  (t) => [
    uniqueIndex('initiatives_slug_unique').on(t.slug),
    index('initiatives_org_idx').on(t.organizationId),
    index('initiatives_listing_idx').on(t.state, t.visibility, t.publishedAt),
    index('initiatives_themes_idx').using('gin', t.themes),
    index('initiatives_factors_idx').using('gin', t.successFactors),
  ],
);

export const initiativePartners = pgTable(
  'initiative_partners',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.organizationId] })],
);

export const initiativeAreas = pgTable(
  'initiative_areas',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.areaCode] }), index('initiative_areas_area_idx').on(t.areaCode)],
);

/** "Adapted from": an initiative names the initiatives it was inspired by. */
export const initiativeInspirations = pgTable(
  'initiative_inspirations',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    inspiredById: uuid('inspired_by_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.inspiredById] }), index('initiative_inspirations_source_idx').on(t.inspiredById)],
);

export const lessons = pgTable(
  'lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** "Lättläst sammanfattning": an optional short summary in plain language (issue 14); '' when there is none. */
    plainSummary: text('plain_summary').notNull().default(''),
    initiativeId: uuid('initiative_id').references(() => initiatives.id, { onDelete: 'set null' }),
    whatWorked: jsonb('what_worked').$type<RichTextJson>().notNull(),
    whatDidNot: jsonb('what_did_not').$type<RichTextJson>().notNull(),
    recommendations: jsonb('recommendations').$type<RichTextJson>().notNull(),
    themes: text('themes').array().$type<Theme[]>().notNull().default(sql`'{}'`),
    successFactors: text('success_factors').array().$type<SuccessFactor[]>().notNull().default(sql`'{}'`),
    ...publishing(),
  },
  (t) => [
    uniqueIndex('lessons_slug_unique').on(t.slug),
    index('lessons_org_idx').on(t.organizationId),
    index('lessons_initiative_idx').on(t.initiativeId),
    index('lessons_listing_idx').on(t.state, t.visibility, t.publishedAt),
  ],
);

/**
 * Full history: every save of an initiative or lesson stores the whole
 * content as it was after the save, with who and when. Restoring writes a new
 * revision; nothing here is ever changed.
 */
export const contentRevisions = pgTable(
  'content_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    contentType: text('content_type', { enum: ['initiative', 'lesson'] }).notNull(),
    contentId: uuid('content_id').notNull(),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    /** What kind of save: edit, publish, unpublish, archive, restore. */
    action: text('action').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('content_revisions_version_unique').on(t.contentType, t.contentId, t.version)],
);

/** Files attached to content (evaluation reports and the like); bytes live in the upload store. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contentType: text('content_type', { enum: ['initiative', 'lesson'] }).notNull(),
    contentId: uuid('content_id').notNull(),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    kind: text('kind').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_content_idx').on(t.contentType, t.contentId)],
);

export type Initiative = typeof initiatives.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type ContentRevision = typeof contentRevisions.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;
