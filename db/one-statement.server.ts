import * as drizzle from 'drizzle-orm';
import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client.server.ts';
import { preparedPerDb } from './prepared.server.ts';

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
  const folded = fold(db, queries);
  if (!folded.select) return folded.decode(undefined);
  const [row] = (await folded.select) as Record<string, unknown[][]>[];
  return folded.decode(row);
}

/**
 * `oneStatement` for a fixed set of selects written with `sql.placeholder`s, prepared once per database handle under
 * `name` (see `preparedPerDb`): PostgreSQL then plans it once per connection rather than on every view (issue 15).
 */
export function preparedOneStatement<Q extends Record<string, FoldableSelect>>(name: string, build: (db: Db) => Q) {
  const prepared = preparedPerDb((db) => {
    const folded = fold(db, build(db));
    return { query: folded.select!.prepare(name), decode: folded.decode };
  });
  return async (db: Db, values: Record<string, unknown>): Promise<Results<Q>> => {
    const { query, decode } = prepared(db);
    const [row] = (await query.execute(values)) as Record<string, unknown[][]>[];
    return decode(row);
  };
}

function fold<Q extends Record<string, FoldableSelect | null>>(db: Db, queries: Q) {
  const entries = Object.entries(queries);
  const layouts = entries
    .filter((e): e is [string, FoldableSelect] => e[1] !== null)
    .map(([key, query]) => ({ key, query, fields: orderSelectedFields(query._.selectedFields as Record<string, unknown>) }));
  const columns = Object.fromEntries(
    layouts.map(({ key, query, fields }) => {
      const names = fields.map((_, i) => `c${i}`);
      return [key, sql<unknown[][]>`(select coalesce(json_agg(json_build_array(${sql.raw(names.map((n) => `q.${n}`).join(', '))})), '[]'::json) from (${query}) as q(${sql.raw(names.join(', '))}))`];
    }),
  );
  const decode = (row: Record<string, unknown[][]> | undefined): Results<Q> => {
    const out: Record<string, unknown[]> = Object.fromEntries(entries.map(([key]) => [key, []]));
    for (const { key, query, fields } of layouts) {
      const nullable = (query as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap;
      out[key] = (row?.[key] ?? []).map((values) => mapResultRow(fields, values, nullable));
    }
    return out as Results<Q>;
  };
  return { select: layouts.length ? db.select(columns).from(sql`(select 1) as one`) : null, decode };
}
