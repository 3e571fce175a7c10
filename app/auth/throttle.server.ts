import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { loginThrottle } from '#db/schema/index.server.ts';

/**
 * Failed sign-ins are counted per account and per IP in the database, so the
 * limit holds across several app instances. Past the limit the key is locked
 * for a while; the count window restarts after WINDOW_MS without failures.
 */
export const THROTTLE_RULES = {
  account: { limit: 5, lockMs: 15 * 60 * 1000 },
  ip: { limit: 30, lockMs: 15 * 60 * 1000 },
} as const;
const WINDOW_MS = 15 * 60 * 1000;

export type ThrottleKey = { kind: keyof typeof THROTTLE_RULES; value: string };
const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value.toLowerCase()}`;

/** The moment the first locked key opens again, or null when none is locked. */
export async function lockedUntil(db: Db, keys: ThrottleKey[]): Promise<Date | null> {
  let latest: Date | null = null;
  for (const key of keys) {
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, keyOf(key))).limit(1);
    if (row?.lockedUntil && row.lockedUntil > new Date() && (!latest || row.lockedUntil > latest)) latest = row.lockedUntil;
  }
  return latest;
}

export async function recordFailure(db: Db, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    const { limit, lockMs } = THROTTLE_RULES[key.kind];
    // One atomic upsert: concurrent failures from several instances all count.
    await db.execute(sql`
      insert into login_throttle (key, failures, window_started_at, locked_until)
      values (${keyOf(key)}, 1, now(), null)
      on conflict (key) do update set
        failures = case when login_throttle.window_started_at < now() - ${`${WINDOW_MS} milliseconds`}::interval
                        then 1 else login_throttle.failures + 1 end,
        window_started_at = case when login_throttle.window_started_at < now() - ${`${WINDOW_MS} milliseconds`}::interval
                        then now() else login_throttle.window_started_at end,
        locked_until = case when (case when login_throttle.window_started_at < now() - ${`${WINDOW_MS} milliseconds`}::interval
                        then 1 else login_throttle.failures + 1 end) >= ${limit}
                        then now() + ${`${lockMs} milliseconds`}::interval else login_throttle.locked_until end`);
  }
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, keyOf(key)));
}
