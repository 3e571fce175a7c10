import * as drizzle from 'drizzle-orm';
import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client.server.ts';

/**
 * Drizzle's own helpers that turn a selection into its ordered fields and a driver row back into the selected shape:
 * exported at run time (drizzle-orm/utils) but marked internal, so their types are not published; typed here.
 */
type OrderedFields = { path: string[]; field: unknown }[];
const { mapResultRow, orderSelectedFields } = drizzle as unknown as {
  mapResultRow(fields: OrderedFields, row: unknown[], joinsNotNullableMap: Record<string, boolean> | undefined): Record<string, unknown>;
  orderSelectedFields(fields: Record<string, unknown>): OrderedFields;
};

/** A drizzle select (not yet awaited): what `oneStatement` folds. */
export interface FoldableSelect<R = unknown> extends SQLWrapper, PromiseLike<R[]> {
  _: { selectedFields: object };
}

type Results<Q extends Record<string, FoldableSelect | null>> = { [K in keyof Q]: NonNullable<Q[K]> extends PromiseLike<infer R> ? R : never };

/**
 * Several independent selects sent as one statement, each answered as it would be on its own (issue 15: a page's
 * relations in one database round trip). Each select becomes one JSON column, `json_agg` over its rows with the
 * columns renamed by position (`q(c0, c1, …)`, so two columns of the same name never collide), and every value is
 * decoded again with drizzle's own column mappers (`mapResultRow`), so dates are Dates and nested selections nest.
 * Rows keep the select's order: PostgreSQL feeds an aggregate the rows of an ordered subquery in that order (its
 * documentation says this "will usually work" rather than promising it: an ORDER BY inside json_agg would). A null entry is an
 * empty result (a query the caller knows it need not send). Drizzle's relational queries do the same with
 * `json_agg`, but need relations declared on the schema, which this project does not have.
 */
export async function oneStatement<Q extends Record<string, FoldableSelect | null>>(db: Db, queries: Q): Promise<Results<Q>> {
  const entries = Object.entries(queries);
  const folded = entries.filter((e): e is [string, FoldableSelect] => e[1] !== null);
  const out: Record<string, unknown[]> = Object.fromEntries(entries.map(([key]) => [key, []]));
  if (folded.length === 0) return out as Results<Q>;
  const layouts = folded.map(([key, query]) => ({ key, query, fields: orderSelectedFields(query._.selectedFields as Record<string, unknown>) }));
  const columns = Object.fromEntries(
    layouts.map(({ key, query, fields }) => {
      const names = fields.map((_, i) => `c${i}`);
      return [key, sql<unknown[][]>`(select coalesce(json_agg(json_build_array(${sql.raw(names.map((n) => `q.${n}`).join(', '))})), '[]'::json) from (${query}) as q(${sql.raw(names.join(', '))}))`];
    }),
  );
  const [row] = (await db.select(columns).from(sql`(select 1) as one`)) as Record<string, unknown[][]>[];
  for (const { key, query, fields } of layouts) {
    const nullable = (query as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap;
    out[key] = (row?.[key] ?? []).map((values) => mapResultRow(fields, values, nullable));
  }
  return out as Results<Q>;
}
