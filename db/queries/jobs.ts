import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { jobs, type Job } from '../schema/index.ts';

export async function enqueueJob(db: Db, kind: string, payload: Record<string, unknown>, opts: { runAt?: Date } = {}): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({ kind, payload, runAt: opts.runAt ?? new Date() })
    .returning({ id: jobs.id });
  return row!.id;
}

/**
 * Claims up to `limit` due jobs. SKIP LOCKED lets several workers drain the
 * table at once without taking the same job; the lease (`locked_until`) makes a
 * job that a crashed worker held come due again.
 */
export async function claimJobs(db: Db, opts: { limit: number; leaseMs: number; kinds?: string[] }): Promise<Job[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.status, 'pending'),
          lte(jobs.runAt, now),
          or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)),
          opts.kinds ? inArray(jobs.kind, opts.kinds) : undefined,
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

export async function completeJob(db: Db, id: number): Promise<void> {
  await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null }).where(eq(jobs.id, id));
}

/** Exponential backoff (2^attempts seconds, capped at an hour); gives up after maxAttempts. */
export async function failJob(db: Db, job: Job, error: string): Promise<void> {
  const giveUp = job.attempts >= job.maxAttempts;
  const delayMs = Math.min(2 ** job.attempts * 1000, 3_600_000);
  await db
    .update(jobs)
    .set({
      status: giveUp ? 'failed' : 'pending',
      lastError: error.slice(0, 2000),
      lockedUntil: null,
      runAt: giveUp ? job.runAt : new Date(Date.now() + delayMs),
      finishedAt: giveUp ? new Date() : null,
    })
    .where(eq(jobs.id, job.id));
}
