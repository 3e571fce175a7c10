/**
 * The daily `indicators.refresh` job: at 05:00 Stockholm time the worker
 * fetches every indicator that remembers its source query again and commits
 * what changed (import-source.server.ts). Like the digests, each run first
 * schedules the next, and an advisory lock keeps one pending job however many
 * workers start.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { pendingJobWithCadence } from '#db/queries/notifications.server.ts';
import type { Job } from '#db/schema/index.server.ts';
import { nextDigestAt } from '../../notifications/digest.server.ts';
import type { Services } from '../../services.server.ts';
import { refreshIndicators, sourceErrorMessage } from './import-source.server.ts';
import { translate, type MessageKey } from '../../i18n/index.ts';

export const REFRESH_JOB = 'indicators.refresh';
/** Two hours before the digests' 07:00: fresh figures before people start the day, and the sources are quiet at night. */
const REFRESH_OFFSET_MS = -2 * 60 * 60 * 1000;

/** The next refresh time after `now`: 05:00 Stockholm time (the daily digest's 07:00 moved two hours earlier). */
export function nextRefreshAt(now: Date): Date {
  const at = new Date(nextDigestAt('daily', now).getTime() + REFRESH_OFFSET_MS);
  return at > now ? at : new Date(nextDigestAt('daily', new Date(now.getTime() + 3 * 60 * 60 * 1000)).getTime() + REFRESH_OFFSET_MS);
}

export async function ensureRefreshJob(db: Db, opts: { now?: Date; exceptId?: number } = {}): Promise<boolean> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${REFRESH_JOB}))`);
    if (await pendingJobWithCadence(tx, REFRESH_JOB, 'daily', opts.exceptId)) return false;
    await enqueueJob(tx, REFRESH_JOB, { cadence: 'daily' }, { runAt: nextRefreshAt(now) });
    return true;
  });
}

/** One run: the next one scheduled first, then every remembered query fetched; failures are logged per indicator. */
export async function runRefreshJob(services: Services, job: Job): Promise<void> {
  await ensureRefreshJob(services.db, { exceptId: job.id });
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);
  await refreshIndicators(services.db, services.config, {
    onEach: (o) => {
      if (o.ok) services.logger.info({ indicator: o.indicatorCode, changed: o.result!.changed, importId: o.result!.importId }, 'indicator refreshed');
      else services.logger.warn({ indicator: o.indicatorCode, reason: o.error ? sourceErrorMessage(t, o.error) : `${o.problems?.length ?? 0} problems` }, 'indicator refresh failed');
    },
  });
}
