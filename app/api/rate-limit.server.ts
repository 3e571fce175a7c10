/**
 * Read API rate limits: a fixed one-minute window per token or per IP
 * address, counted in PostgreSQL in one statement so that every instance
 * shares the count. The IP is the one Express decided (TRUST_PROXY).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { apiRateLimits } from '#db/schema/index.server.ts';

export const RATE_WINDOW_SECONDS = 60;

export interface RateLimitOutcome {
  allowed: boolean;
  limit: number;
  count: number;
  retryAfterSeconds: number;
}

export async function takeRateLimit(db: Db, who: { kind: 'token' | 'ip'; id: string }, limits: { ip: number; token: number }): Promise<RateLimitOutcome> {
  const limit = who.kind === 'token' ? limits.token : limits.ip;
  const key = `${who.kind}:${who.id}`;
  // One upsert: a new window starts the count at 1; the same window adds 1.
  const windowStart = sql`to_timestamp(floor(extract(epoch from now()) / ${RATE_WINDOW_SECONDS}) * ${RATE_WINDOW_SECONDS})`;
  const [row] = await db
    .insert(apiRateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: apiRateLimits.key,
      set: {
        count: sql`case when ${apiRateLimits.windowStart} = excluded.window_start then ${apiRateLimits.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({
      count: apiRateLimits.count,
      retryAfter: sql<number>`ceil(extract(epoch from (${apiRateLimits.windowStart} + make_interval(secs => ${RATE_WINDOW_SECONDS}) - now())))::int`,
    });
  const count = row!.count;
  // A new window for this key: the moment to drop other keys' finished windows, so that addresses are
  // kept no longer than the hour after their last request (privacy page).
  if (count === 1) await db.delete(apiRateLimits).where(sql`${apiRateLimits.windowStart} < now() - interval '1 hour'`);
  return { allowed: count <= limit, limit, count, retryAfterSeconds: Math.max(1, Number(row!.retryAfter)) };
}
