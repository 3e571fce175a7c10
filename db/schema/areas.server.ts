import { index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Geographic areas with official codes: the country ("SE"), län (2 digits),
 * kommuner (4 digits) and, later, districts such as RegSO/DeSO.
 */
export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    kind: text('kind', { enum: ['country', 'county', 'municipality', 'district'] }).notNull(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [index('areas_parent_idx').on(t.parentCode), index('areas_kind_idx').on(t.kind)],
);

export type Area = typeof areas.$inferSelect;
