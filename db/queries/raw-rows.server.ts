/**
 * Reading the answer of a raw `db.execute(sql`…`)`: the two drivers answer
 * differently (postgres.js with an array of rows, PGlite with `{ rows }`), and
 * a raw query's timestamps may come back as strings. Drizzle's query builder
 * hides both; these helpers are for the few queries written in SQL.
 */

/** The rows of a raw query's answer, whichever driver gave it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** A raw query's timestamp column as a Date. */
export const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
