import type { Db } from './client.server.ts';

/**
 * A hot query prepared once per database handle (issue 15). On PostgreSQL (postgres.js) a named drizzle query is
 * sent with `prepare: true`: each pooled connection parses and plans it once and afterwards only binds the
 * `sql.placeholder` values. PGlite ignores the name and runs the same SQL, so one definition serves both. Kept per
 * handle because a prepared query is bound to the client it was built on (tests open several databases in one process).
 * Only for reads through the handle itself: a transaction (`tx`) builds its queries as usual.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
