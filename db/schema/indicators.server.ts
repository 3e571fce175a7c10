import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, numeric, pgTable, pgView, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.server.ts';
import { areas } from './areas.server.ts';

/** A statistic followed over time, such as the employment rate (sysselsättningsgrad). */
export const indicators = pgTable('indicators', {
  code: text('code').primaryKey(),
  nameSv: text('name_sv').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionSv: text('description_sv').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  /** procent, kronor, antal, per1000 … */
  unit: text('unit').notNull(),
  source: text('source').notNull(),
  higherIsBetter: boolean('higher_is_better').notNull(),
  decimals: integer('decimals').notNull().default(1),
  /** Example data is labelled as such wherever it shows. */
  isExample: boolean('is_example').notNull().default(false),
  /** The API query its values come from (Kolada or SCB), when refreshed from the source; null otherwise. */
  sourceQuery: jsonb('source_query').$type<Record<string, unknown>>(),
});

/** One import of values: where they came from, who brought them, and the file's hash. */
export const indicatorImports = pgTable(
  'indicator_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    retrievedAt: timestamp('retrieved_at', { withTimezone: true }),
    format: text('format', { enum: ['csv', 'json-stat', 'seed'] }).notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    rowCount: integer('row_count').notNull(),
    changedCount: integer('changed_count').notNull(),
    /** An import straight from an API: the URLs requested (fileSha256 then hashes the answers). */
    requestUrls: jsonb('request_urls').$type<string[]>(),
    importedBy: uuid('imported_by').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * True while the import is being written (issue 15): its new values are already in
     * indicator_values but hidden by published_indicator_values until one short
     * transaction clears the flag. Defaults to false so every other writer of imports
     * (seeds, tests) records published ones.
     */
    pending: boolean('pending').notNull().default(false),
  },
  // One value import at a time: two interleaving on the same keys could not both stay all-or-nothing.
  (t) => [
    uniqueIndex('indicator_imports_one_pending')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/**
 * Indicator × area × period (× breakdown). Periods are "2023", "2023H1" or
 * "2023Q2"; the breakdown is '' for the total or e.g. "kvinnor" / "män".
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => indicators.code, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    period: text('period').notNull(),
    breakdown: text('breakdown').notNull().default(''),
    value: numeric('value', { mode: 'number' }).notNull(),
    // Cascade: only imports without values (changed nothing) and pending ones are ever deleted; a pending
    // import's values must go with it, never be left behind as visible values without an import.
    importId: uuid('import_id').references(() => indicatorImports.id, {
      onDelete: 'cascade',
    }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_values_key').on(t.indicatorCode, t.areaCode, t.period, t.breakdown),
    index('indicator_values_area_idx').on(t.areaCode, t.indicatorCode),
    // A pending import's values are found by it: removed in chunks when it fails or its process died.
    index('indicator_values_import_idx').on(t.importId),
  ],
);

/**
 * The values readers see: those of no import or of a published one. Every reader
 * reads this view, writers the table. The filter is a hashed subplan over the
 * (at most one) pending import, so the table's indexes still serve the other conditions.
 */
export const publishedIndicatorValues = pgView('published_indicator_values').as((qb) =>
  qb
    .select()
    .from(indicatorValues)
    .where(sql`${indicatorValues.importId} is null or ${indicatorValues.importId} not in (select ${indicatorImports.id} from ${indicatorImports} where ${indicatorImports.pending})`),
);

/**
 * Rows of a pending import that change stored values (or belong to an indicator
 * the import creates), on their way in (issue 15): written in pieces, each its
 * own short statement, then applied by the import's short publish transaction,
 * which also clears them. New keys skip this table: they go into
 * indicator_values under the pending import. No foreign keys: the publish's
 * insert checks them, and a run's rows go as one. `run_id` is the pending
 * import's id. Rows of a run that crashed are removed by age (app/indicators/import-commit.server.ts).
 */
export const indicatorValueStaging = pgTable(
  'indicator_value_staging',
  {
    /** One import attempt. */
    runId: uuid('run_id').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    areaCode: text('area_code').notNull(),
    period: text('period').notNull(),
    breakdown: text('breakdown').notNull(),
    value: numeric('value', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('indicator_value_staging_run_idx').on(t.runId)],
);

export type Indicator = typeof indicators.$inferSelect;
export type IndicatorValue = typeof indicatorValues.$inferSelect;
export type IndicatorImport = typeof indicatorImports.$inferSelect;

/**
 * A checked file waiting for the importer to confirm the preview. Only valid
 * UTF-8 gets this far, so the content is kept as text; drafts older than a
 * day are cleared.
 */
export const indicatorImportDrafts = pgTable('indicator_import_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  /** The content's first part; the rest is in indicator_import_draft_parts. */
  content: text('content').notNull(),
  /** False while the rest is being stored: such a draft is offered to no one (issue 15). */
  complete: boolean('complete').notNull().default(true),
  source: text('source').notNull(),
  retrievedAt: timestamp('retrieved_at', { withTimezone: true }),
  requestUrls: jsonb('request_urls').$type<string[]>(),
  /** Kept on the indicator at commit when the editor asked to refresh from the source. */
  sourceQuery: jsonb('source_query').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A large draft's content after its first part, in order. Each part is stored by
 * its own short statement, so storing 10 MB never holds the embedded PGlite for
 * long (one statement took ~1 s); the draft is marked complete after the last.
 */
export const indicatorImportDraftParts = pgTable(
  'indicator_import_draft_parts',
  {
    draftId: uuid('draft_id')
      .notNull()
      .references(() => indicatorImportDrafts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    content: text('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.draftId, t.seq] })],
);
