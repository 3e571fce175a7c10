import { forgetEverywhere } from '#db/cache-bus.server.ts';
import type { Job } from '#db/schema/index.server.ts';
import { claimJobs, completeJob, completeJobs, failJob, failJobs, setJobProgress } from '#db/queries/jobs.server.ts';
import type { ContentRef } from '#search/documents.server.ts';
import { SEARCH_REINDEX_JOB, SEARCH_SYNC_JOB, submitSearchSync } from '#search/outbox.server.ts';
import { reindex } from '#search/reindex.server.ts';
import { INDICATOR_IMPORT_JOB } from '#db/queries/indicators.server.ts';
import { PASSWORD_RESET_JOB, sendPasswordResetLink } from '../accounts/accounts.server.ts';
import { clearStaleImportRuns, runImportJob } from '../indicators/import-commit.server.ts';
import { ensureRefreshJob, REFRESH_JOB, runRefreshJob } from '../indicators/sources/refresh-job.server.ts';
import { ACCOUNT_EXPORT_CLEANUP_JOB, ACCOUNT_EXPORT_JOB, removeExpiredExports, runExportJob } from '../accounts/personal-data.server.ts';
import { MAIL_JOB, type MailMessage } from '../mail/mailer.server.ts';
import { DIGEST_JOB, ensureDigestJobs, runDigestJob } from '../notifications/digest.server.ts';
import { sendNotificationEmail } from '../notifications/email.server.ts';
import { NOTIFICATION_EMAIL_JOB } from '../notifications/notify.server.ts';
import { documentText } from '../search.server.ts';
import { runSearchFollowMatch, SEARCH_FOLLOW_JOB } from '../follows/saved-search.server.ts';
import type { Services } from '../services.server.ts';

/**
 * How each kind of job is done. `one` runs jobs one at a time (a failing mail
 * must not hold up the others); `batch` takes all claimed jobs of its kind at
 * once (search sync: one upsert and one delete per batch).
 *
 * `batchSize`: a kind that has one is claimed on its own, up to that many per
 * round; kinds without one share a claim of DEFAULT_BATCH_SIZE, as before.
 * Search sync takes 1 000: each batch is one Meilisearch task, and a task's
 * fixed cost (scheduling, the waitTask poll, updating the index's prefix and
 * facet structures) dwarfs 100 small documents. With 100 per batch (and one
 * UPDATE per completed job) `bench/search.ts` measured the outbox drain at
 * ~0.2× the raw bulk-ingest rate; with 1 000 at ~0.55–0.6×. Claimed on its
 * own, a search backlog also no longer delays mail behind it.
 *
 * `submit` is a batch in two halves, so batches overlap: the worker claims a
 * batch, builds it and hands it to Meilisearch (`submit`), then claims and
 * builds the next while Meilisearch indexes the first, and only then waits for
 * the first (`settled`) to complete or fail its jobs. Meilisearch holds at
 * most `inFlight` submitted batches of a worker at once: it runs the tasks of
 * an index in the order they came and merges queued additions into larger
 * batches of its own (2–3 of ours, measured). `bench/search.ts` on the same
 * day: one batch at a time 0.62× the raw bulk-ingest rate, overlapped 0.97×.
 * See submitSearchSync for why the order is safe.
 * A batch's jobs are completed only after its tasks succeeded, and a failed
 * batch retries exactly its own jobs (with backoff, like any batch).
 */
type Handler = (
  | { one: (services: Services, payload: Record<string, unknown>, job: Job) => Promise<void>; needsSearch?: true }
  | { batch: (services: Services, payloads: Record<string, unknown>[]) => Promise<void>; needsSearch: true }
  | { submit: (services: Services, payloads: Record<string, unknown>[]) => Promise<{ settled(): Promise<void> }>; inFlight: number; needsSearch: true }
) & {
  batchSize?: number;
  leaseMs?: number;
  /** Never two jobs with the same payload in flight at once (see claimJobs). */
  onePerPayload?: boolean;
};

const DEFAULT_BATCH_SIZE = 100;
const LEASE_MS = 120_000;

const handlers: Record<string, Handler> = {
  [MAIL_JOB]: { one: (services, payload) => services.mailer.send(payload as unknown as MailMessage) },
  [NOTIFICATION_EMAIL_JOB]: { one: sendNotificationEmail },
  [PASSWORD_RESET_JOB]: { one: sendPasswordResetLink },
  // One digest at a time, with a lease long enough to mail everyone before another worker could take it again.
  [DIGEST_JOB]: { one: (services, payload, job) => runDigestJob(services, payload, job), batchSize: 1, leaseMs: 30 * 60_000 },
  // A large indicator import: one at a time, committed in one transaction that may take a minute on a slow disk.
  [INDICATOR_IMPORT_JOB]: { one: (services, _payload, job) => runImportJob(services, job), batchSize: 1, leaseMs: 30 * 60_000 },
  // The nightly refresh of indicators from Kolada/SCB: one at a time, the sources may be slow.
  [REFRESH_JOB]: { one: (services, _payload, job) => runRefreshJob(services, job), batchSize: 1, leaseMs: 30 * 60_000 },
  // A person's data export: built off the request, one at a time (a large account can take a while).
  [ACCOUNT_EXPORT_JOB]: { one: (services, payload) => runExportJob(services, payload), batchSize: 1, leaseMs: 10 * 60_000 },
  // Scheduled when an export is ready, for the moment it expires; each run removes every expired export.
  [ACCOUNT_EXPORT_CLEANUP_JOB]: { one: async (services) => void (await removeExpiredExports(services.db)) },
  [SEARCH_REINDEX_JOB]: {
    needsSearch: true,
    batchSize: 1,
    // A full reindex can take minutes; the lease must outlast it or another worker would start it again.
    leaseMs: 60 * 60_000,
    one: async (services, _payload, job) => {
      if (!services.search.available) throw new Error('search is unavailable');
      // Progress goes into the job row, where the admin page reads it.
      await reindex(services.db, services.search.client, documentText, (progress) => void setJobProgress(services.db, job.id, progress));
    },
  },
  // A newly published piece matched against saved searches: needs Meilisearch, so it waits (like search sync) while it is away.
  [SEARCH_FOLLOW_JOB]: { one: (services, payload) => runSearchFollowMatch(services, payload), needsSearch: true },
  [SEARCH_SYNC_JOB]: {
    needsSearch: true,
    // A backlog (an import, a bulk edit) goes to Meilisearch 2,500 documents a task: with 1,000 the drain reached 0.84×
    // the raw ingest, with 2,500 0.91× (bench/search-dev.ts drain, 20,000 documents). One edit still goes alone, at once.
    batchSize: 2_500,
    inFlight: 4,
    // Two workers rebuilding the same item at once could leave the older view in the index.
    onePerPayload: true,
    submit: async (services, payloads) => {
      if (!services.search.available) throw new Error('search is unavailable');
      return submitSearchSync(services.db, services.search.client, payloads as unknown as ContentRef[], documentText);
    },
  },
};

/** Kinds this process can run now: search jobs wait (pending, untouched) while search is unavailable. */
function runnableKinds(services: Services): string[] {
  return Object.entries(handlers)
    .filter(([, h]) => !h.needsSearch || services.search.available)
    .map(([kind]) => kind);
}

/**
 * Claims and runs due jobs until none are left; returns how many ran.
 * `opts.batchSize` claims every kind together, up to that many per round
 * (the kinds' own batch sizes are then not used).
 */
export async function runDueJobs(services: Services, opts: { batchSize?: number } = {}): Promise<number> {
  let ran = 0;
  /** Submitted batches not yet settled, oldest first. */
  const inFlight: InFlight[] = [];
  const settleAll = async () => {
    while (inFlight.length) await settle(services, inFlight.shift()!);
  };
  try {
    for (;;) {
      const claimed = await claimRound(services, opts.batchSize);
      if (claimed.length === 0) {
        if (inFlight.length === 0) return ran;
        // Nothing more to claim: see the submitted batches through, then look again.
        await settleAll();
        continue;
      }
      for (const [kind, group] of groupByKind(claimed)) {
        const handler = handlers[kind]!;
        if ('submit' in handler) {
          const submitted = await submitGroup(services, handler, group);
          if (submitted) inFlight.push(submitted);
          while (inFlight.length >= handler.inFlight) await settle(services, inFlight.shift()!);
        } else {
          // Other work waits for the submitted batches, so no job outlives its lease behind, say, a reindex.
          await settleAll();
          await runGroup(services, handler, group);
        }
      }
      ran += claimed.length;
    }
  } finally {
    // Batches are left here only when something threw (the database went away, say): settle them if possible;
    // if not, their jobs come due again when the lease runs out.
    for (const submitted of inFlight.splice(0)) await settle(services, submitted).catch(() => {});
  }
}

interface InFlight {
  group: Job[];
  started: number;
  settled(): Promise<void>;
}

/** The first half of a `submit` batch; on failure its jobs are failed at once and nothing is in flight. */
async function submitGroup(services: Services, handler: Extract<Handler, { submit: unknown }>, group: Job[]): Promise<InFlight | null> {
  const started = performance.now();
  try {
    const submitted = await handler.submit(services, group.map((j) => j.payload));
    return { group, started, settled: () => submitted.settled() };
  } catch (error) {
    await failJobs(services.db, group, message(error));
    logJobs(services, group, started, error);
    return null;
  }
}

/** The second half: waits for the batch, then completes its jobs, or fails exactly them. */
async function settle(services: Services, submitted: InFlight): Promise<void> {
  try {
    await submitted.settled();
  } catch (error) {
    await failJobs(services.db, submitted.group, message(error));
    logJobs(services, submitted.group, submitted.started, error);
    return;
  }
  await completeJobs(services.db, submitted.group.map((j) => j.id));
  logJobs(services, submitted.group, submitted.started);
  await pagesMayHaveChanged();
}

/**
 * A job may change what pages show (an import, a reindex that search pages read, a digest's notices): every
 * process drops its stored pages once a job is through (app/server/page-cache.server.ts).
 */
const pagesMayHaveChanged = () => forgetEverywhere('pages');

/** One round's jobs: one claim for the kinds with their own batch size each, one shared claim for the rest. */
async function claimRound(services: Services, batchSize: number | undefined): Promise<Job[]> {
  const kinds = runnableKinds(services);
  const own = batchSize === undefined ? kinds.filter((kind) => handlers[kind]!.batchSize !== undefined) : [];
  const shared = kinds.filter((kind) => !own.includes(kind));
  const claimed: Job[] = [];
  if (shared.length) claimed.push(...(await claimJobs(services.db, { limit: batchSize ?? DEFAULT_BATCH_SIZE, leaseMs: LEASE_MS, kinds: shared })));
  for (const kind of own) {
    const h = handlers[kind]!;
    claimed.push(...(await claimJobs(services.db, { limit: h.batchSize!, leaseMs: h.leaseMs ?? LEASE_MS, kinds: [kind], onePerPayload: h.onePerPayload })));
  }
  return claimed;
}

function groupByKind(claimed: Job[]): Map<string, Job[]> {
  const groups = new Map<string, Job[]>();
  for (const job of claimed) {
    const group = groups.get(job.kind);
    if (group) group.push(job);
    else groups.set(job.kind, [job]);
  }
  return groups;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One log line per job run (or per batch of a batched kind), and one per failure with its error.
 * Never the payload: mail jobs carry reset and invitation links with their tokens.
 */
function logJobs(services: Services, group: Job[], started: number, error?: unknown) {
  const [first] = group;
  if (!first) return;
  const fields = {
    kind: first.kind,
    ...(group.length === 1 ? { jobId: first.id, attempt: first.attempts } : { jobs: group.length }),
    durationMs: Math.round(performance.now() - started),
  };
  if (error === undefined) services.logger.info(fields, 'job done');
  else {
    // The last attempt failing means the job gave up: someone has to look at it (the admin page lists it).
    const gaveUp = group.some((j) => j.attempts >= j.maxAttempts);
    services.logger[gaveUp ? 'error' : 'warn']({ ...fields, gaveUp, err: error }, 'job failed');
  }
}

async function runGroup(services: Services, handler: Exclude<Handler, { submit: unknown }>, group: Job[]): Promise<void> {
  if ('one' in handler) {
    for (const job of group) {
      const started = performance.now();
      try {
        await handler.one(services, job.payload, job);
        await completeJob(services.db, job.id);
        logJobs(services, [job], started);
      } catch (error) {
        await failJob(services.db, job, message(error));
        logJobs(services, [job], started, error);
      }
    }
    await pagesMayHaveChanged();
    return;
  }
  const started = performance.now();
  try {
    await handler.batch(services, group.map((j) => j.payload));
    await completeJobs(services.db, group.map((j) => j.id));
    logJobs(services, group, started);
  } catch (error) {
    await failJobs(services.db, group, message(error));
    logJobs(services, group, started, error);
  }
  await pagesMayHaveChanged();
}

/** Polls the jobs table in this process; `stop()` waits for the current round. */
export function startWorker(services: Services, opts: { intervalMs?: number } = {}) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    // Digest jobs schedule their successors; on start make sure each cadence has one pending.
    await ensureDigestJobs(services.db).catch((error) => services.logger.error({ err: error }, 'job worker: could not schedule digests'));
    await ensureRefreshJob(services.db).catch((error) => services.logger.error({ err: error }, 'job worker: could not schedule the statistics refresh'));
    // Staged rows of an import whose process died (every commit also does this before it starts).
    await clearStaleImportRuns(services.db).catch((error) => services.logger.error({ err: error }, 'job worker: could not clear stale import staging'));
    while (!stopped) {
      try {
        await runDueJobs(services);
      } catch (error) {
        services.logger.error({ err: error }, 'job worker: round failed');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.intervalMs ?? 1000).unref();
      });
    }
  })();
  return {
    /** Runs a round now instead of waiting for the next tick. */
    nudge: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
