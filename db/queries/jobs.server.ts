import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { jobs, type Job } from '../schema/index.server.ts';

export async function enqueueJob(db: Db, kind: string, payload: Record<string, unknown>, opts: { runAt?: Date; maxAttempts?: number } = {}): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({ kind, payload, runAt: opts.runAt ?? new Date(), maxAttempts: opts.maxAttempts })
    .returning({ id: jobs.id });
  return row!.id;
}

/**
 * Claims up to `limit` due jobs. SKIP LOCKED lets several workers drain the
 * table at once without taking the same job; the lease (`locked_until`) makes a
 * job that a crashed worker held come due again.
 *
 * `onePerPayload`: a job is not claimed while another job with the same kind
 * and payload is held by a worker. Search sync needs this: two workers each
 * rebuilding the same item could hand Meilisearch the newer view first and
 * the older one second. Such claims take turns (a transaction-scoped advisory
 * lock), so each sees the leases the one before it set.
 */
export async function claimJobs(db: Db, opts: { limit: number; leaseMs: number; kinds?: string[]; onePerPayload?: boolean }): Promise<Job[]> {
  return db.transaction(async (tx) => {
    if (opts.onePerPayload) await tx.execute(sql`select pg_advisory_xact_lock(${ONE_PER_PAYLOAD_LOCK})`);
    const now = new Date();
    // Not correlated, so PostgreSQL builds the (small) set of held payloads once per claim, not once per row.
    // Leases are set from the app's clock and compared with the database's: close enough for leases of minutes.
    const heldPayloads = sql`(select held.payload from jobs as held where held.status = 'pending' and held.locked_until > now()${
      opts.kinds ? sql` and held.kind in ${opts.kinds}` : sql``
    })`;
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.status, 'pending'),
          lte(jobs.runAt, now),
          or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)),
          opts.kinds ? inArray(jobs.kind, opts.kinds) : undefined,
          opts.onePerPayload ? sql`${jobs.payload} not in ${heldPayloads}` : undefined,
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({ lockedUntil: new Date(now.getTime() + opts.leaseMs), attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due.map((d) => d.id)))
      .returning();
  });
}

/** Any constant will do: it only has to differ from other advisory locks taken in this database. */
const ONE_PER_PAYLOAD_LOCK = 0x5a4d_0001;

export async function completeJob(db: Db, id: number): Promise<void> {
  await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null }).where(eq(jobs.id, id));
}

/** Marks a whole batch done in one statement (a batch handler's jobs succeed or fail together). */
export async function completeJobs(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null }).where(inArray(jobs.id, ids));
}

/** Exponential backoff (2^attempts seconds, capped at five minutes); gives up after maxAttempts. */
export async function failJob(db: Db, job: Job, error: string): Promise<void> {
  await failJobs(db, [job], error);
}

/**
 * Fails a batch whose jobs failed together (one error), in one statement:
 * each job backs off or gives up by its own attempt count.
 */
export async function failJobs(db: Db, failed: Job[], error: string): Promise<void> {
  if (failed.length === 0) return;
  const giveUp = sql`${jobs.attempts} >= ${jobs.maxAttempts}`;
  // From the app's clock, as leases are; passed as epoch milliseconds (a number, not a Date, in raw SQL).
  const nowMs = Date.now();
  await db
    .update(jobs)
    .set({
      status: sql`case when ${giveUp} then 'failed' else 'pending' end`,
      lastError: error.slice(0, 2000),
      lockedUntil: null,
      runAt: sql`case when ${giveUp} then ${jobs.runAt} else to_timestamp((${nowMs}::double precision + least(power(2, least(${jobs.attempts}, 20)) * 1000, 300000)) / 1000) end`,
      finishedAt: sql`case when ${giveUp} then to_timestamp(${nowMs}::double precision / 1000) end`,
    })
    .where(inArray(jobs.id, failed.map((j) => j.id)));
}

export async function countJobs(db: Db, kind: string, status: Job['status']): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.status, status)));
  return row?.n ?? 0;
}

/** Failed jobs, newest first, for the platform admin's page. */
export async function listFailedJobs(db: Db, limit = 50): Promise<Job[]> {
  return db.select().from(jobs).where(eq(jobs.status, 'failed')).orderBy(sql`${jobs.finishedAt} desc nulls last`).limit(limit);
}

/** Puts a failed job back in the queue, due now, with a fresh attempt count. */
export async function retryJob(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: 'pending', attempts: 0, runAt: new Date(), finishedAt: null, lockedUntil: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Long jobs report how far they have come in their payload. */
export async function setJobProgress(db: Db, id: number, progress: object): Promise<void> {
  await db
    .update(jobs)
    .set({ payload: sql`${jobs.payload} || ${JSON.stringify({ progress })}::jsonb` })
    .where(eq(jobs.id, id));
}

export async function latestJob(db: Db, kind: string): Promise<Job | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.kind, kind)).orderBy(sql`${jobs.id} desc`).limit(1);
  return row;
}
