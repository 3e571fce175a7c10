import type postgres from 'postgres';

/**
 * Tells every process on the same PostgreSQL database to drop an in-memory cache (issue 15).
 *
 * Several processes serve one database: the workers of `npm start` in cluster mode (WEB_CONCURRENCY), separate
 * `npm run worker` processes and other instances behind a load balancer. A cache kept in one of them (the areas
 * table, db/queries/areas.server.ts; the organisation catalogue, db/queries/organizations.server.ts) would go stale when another writes. Whoever writes calls `forgetEverywhere`
 * after its commit; that drops the cache here at once and sends a PostgreSQL NOTIFY, which every process that
 * started a bus (`startCacheBus`, in bootRuntime) receives through postgres.js `sql.listen` on its own dedicated
 * connection. NOTIFY is the natural bus here: the processes share nothing else, and it needs no new server.
 * Without a bus (PGlite, one process; tests with a handle of their own) only the local cache is dropped.
 */
export const CACHE_CHANNEL = 'samverka_cache';

/** `pages`: the rendered documents for anonymous readers (app/server/page-cache.server.ts), dropped on every write. */
export type CacheName = 'areas' | 'organizations' | 'pages';

const STATE = Symbol.for('samverka.cache-bus');

/**
 * Kept on globalThis, not in module variables: in production the server (app/server/main.ts, which starts the bus)
 * runs from source while the routes (which hold the caches) run from the Remix build, so this module is loaded
 * twice in one process. Both copies must share one registry and one bus, and each copy's cache registers its own forgetter.
 */
const state = ((globalThis as { [STATE]?: BusState })[STATE] ??= { forgetters: new Map(), bus: null });
interface BusState {
  forgetters: Map<string, Set<() => void>>;
  bus: { sql: postgres.Sql } | null;
}

/** A cache module says how to drop its cache; a notice with its name calls this. */
export function registerCache(name: CacheName, forget: () => void): void {
  const set = state.forgetters.get(name) ?? new Set();
  set.add(forget);
  state.forgetters.set(name, set);
}

function forgetLocally(name: string): void {
  for (const forget of state.forgetters.get(name) ?? []) forget();
}

/**
 * Drops the named cache in this process and, when a bus runs, in every other process on the database. The promise
 * settles once PostgreSQL took the notice (never rejects): a writer that must not answer before the others heard
 * (the page cache) awaits it; the rest may ignore it.
 */
export function forgetEverywhere(name: CacheName): Promise<void> {
  forgetLocally(name);
  return notify(state.bus?.sql, name);
}

/** For a process that runs no bus (a command line script): the same notice through its own connection. */
export async function forgetEverywhereThrough(sql: postgres.Sql | null | undefined, name: CacheName): Promise<void> {
  forgetLocally(name);
  await notify(sql ?? state.bus?.sql, name);
}

// A lost notice leaves another process's cache stale until it reconnects (or the cache's TTL), never a failed write.
const notify = async (sql: postgres.Sql | null | undefined, name: string): Promise<void> => void (await sql?.notify(CACHE_CHANNEL, name).catch(() => {}));

/**
 * Listens for other processes' notices. A notice sent while the listening connection was down is lost, so every
 * (re)connect drops every cache (postgres.js runs `onlisten` on the first LISTEN and again after each reconnect).
 * Resolves once PostgreSQL acknowledged the LISTEN; `stop()` ends the subscription.
 */
export async function startCacheBus(sql: postgres.Sql, opts: { onNotice?: (name: string) => void } = {}): Promise<{ stop(): Promise<void> }> {
  const subscription = await sql.listen(
    CACHE_CHANNEL,
    (name) => {
      forgetLocally(name);
      opts.onNotice?.(name);
    },
    () => {
      for (const name of state.forgetters.keys()) forgetLocally(name);
    },
  );
  const own = { sql };
  state.bus = own;
  return {
    async stop() {
      if (state.bus === own) state.bus = null;
      await subscription.unlisten();
    },
  };
}
