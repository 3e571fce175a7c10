import { bigint, boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SNAPSHOT_ROLES } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { areas } from './areas.server.ts';
import { initiatives, publishing, type RichTextJson } from './content.server.ts';
import { indicatorImports, indicators } from './indicators.server.ts';

/**
 * A frozen set of indicator values for an area and a span of periods, with
 * commentary. Its values, and the catalogue entries they were read with, are
 * copies: later imports and catalogue edits never change a snapshot.
 */
export const indicatorSnapshots = pgTable(
  'indicator_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    commentary: jsonb('commentary').$type<RichTextJson>().notNull(),
    ...publishing(),
  },
  (t) => [
    uniqueIndex('indicator_snapshots_slug_unique').on(t.slug),
    index('indicator_snapshots_org_idx').on(t.organizationId),
    index('indicator_snapshots_area_idx').on(t.areaCode),
    index('indicator_snapshots_listing_idx').on(t.state, t.visibility, t.publishedAt),
  ],
);

/** The catalogue entry of each chosen indicator, as it read when the snapshot was taken. */
export const snapshotIndicators = pgTable(
  'snapshot_indicators',
  {
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => indicatorSnapshots.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    position: integer('position').notNull(),
    nameSv: text('name_sv').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit').notNull(),
    source: text('source').notNull(),
    higherIsBetter: boolean('higher_is_better').notNull(),
    decimals: integer('decimals').notNull(),
    isExample: boolean('is_example').notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.indicatorCode] })],
);

/** Frozen values, each with the provenance of the import it came from. */
export const snapshotValues = pgTable(
  'snapshot_values',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => indicatorSnapshots.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    areaCode: text('area_code').notNull(),
    areaName: text('area_name').notNull(),
    period: text('period').notNull(),
    breakdown: text('breakdown').notNull().default(''),
    value: numeric('value', { mode: 'number' }).notNull(),
    importId: uuid('import_id').references(() => indicatorImports.id, { onDelete: 'set null' }),
    source: text('source').notNull(),
    retrievedAt: timestamp('retrieved_at', { withTimezone: true }),
    fileSha256: text('file_sha256'),
  },
  (t) => [uniqueIndex('snapshot_values_key').on(t.snapshotId, t.indicatorCode, t.areaCode, t.period, t.breakdown)],
);

/** A snapshot attached to an initiative as its baseline or a follow-up. */
export const initiativeSnapshots = pgTable(
  'initiative_snapshots',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => indicatorSnapshots.id, { onDelete: 'cascade' }),
    role: text('role', { enum: SNAPSHOT_ROLES }).notNull(),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.snapshotId] }), index('initiative_snapshots_snapshot_idx').on(t.snapshotId)],
);

/** Indicators an initiative follows: its page charts their trends for its areas. */
export const initiativeIndicators = pgTable(
  'initiative_indicators',
  {
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => indicators.code, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.indicatorCode] })],
);

export type IndicatorSnapshot = typeof indicatorSnapshots.$inferSelect;
export type SnapshotIndicator = typeof snapshotIndicators.$inferSelect;
export type SnapshotValue = typeof snapshotValues.$inferSelect;
