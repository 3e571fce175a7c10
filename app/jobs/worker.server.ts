import type { Job } from '#db/schema/index.ts';
import { claimJobs, completeJob, completeJobs, failJob, setJobProgress } from '#db/queries/jobs.ts';
import type { ContentRef } from '#search/documents.ts';
import { applySearchSync, SEARCH_REINDEX_JOB, SEARCH_SYNC_JOB } from '#search/outbox.ts';
import { reindex } from '#search/reindex.ts';
import { MAIL_JOB, type MailMessage } from '../mail/mailer.server.ts';
import { documentText } from '../search.server.ts';
import type { Services } from '../services.server.ts';

/**
 * How each kind of job is done. `one` runs jobs one at a time (a failing mail
 * must not hold up the others); `batch` takes all claimed jobs of its kind at
 * once (search sync: one upsert and one delete per batch).
 *
 * `batchSize`: a kind that has one is claimed on its own, up to that many per
 * round; kinds without one share a claim of DEFAULT_BATCH_SIZE, as before.
 * Search sync takes 1 000: each batch is one Meilisearch task that is waited
 * for, and a task's fixed cost (scheduling, the 50 ms waitTask poll, updating
 * the index's prefix and facet structures) dwarfs 100 small documents. With 100
 * per batch (and one UPDATE per completed job) `bench/search.ts` measured the
 * outbox drain at ~0.2× the raw bulk-ingest rate; with 1 000 at ~0.55–0.6×.
 * Claimed on its own, a search backlog also no longer delays mail behind it.
 */
type Handler = (
  | { one: (services: Services, payload: Record<string, unknown>, job: Job) => Promise<void>; needsSearch?: true }
  | { batch: (services: Services, payloads: Record<string, unknown>[]) => Promise<void>; needsSearch: true }
) & { batchSize?: number; leaseMs?: number };

const DEFAULT_BATCH_SIZE = 100;
const LEASE_MS = 120_000;

const handlers: Record<string, Handler> = {
  [MAIL_JOB]: { one: (services, payload) => services.mailer.send(payload as unknown as MailMessage) },
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
  [SEARCH_SYNC_JOB]: {
    needsSearch: true,
    batchSize: 1000,
    batch: async (services, payloads) => {
      if (!services.search.available) throw new Error('search is unavailable');
      await applySearchSync(services.db, services.search.client, payloads as unknown as ContentRef[], documentText);
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
  for (;;) {
    const claimed = await claimRound(services, opts.batchSize);
    if (claimed.length === 0) return ran;
    for (const [kind, group] of groupByKind(claimed)) await runGroup(services, handlers[kind]!, group);
    ran += claimed.length;
  }
}

/** One round's jobs: one claim for the kinds with their own batch size each, one shared claim for the rest. */
async function claimRound(services: Services, batchSize: number | undefined): Promise<Job[]> {
  const kinds = runnableKinds(services);
  const own = batchSize === undefined ? kinds.filter((kind) => handlers[kind]!.batchSize !== undefined) : [];
  const shared = kinds.filter((kind) => !own.includes(kind));
  const claimed: Job[] = [];
  if (shared.length) claimed.push(...(await claimJobs(services.db, { limit: batchSize ?? DEFAULT_BATCH_SIZE, leaseMs: LEASE_MS, kinds: shared })));
  for (const kind of own) claimed.push(...(await claimJobs(services.db, { limit: handlers[kind]!.batchSize!, leaseMs: handlers[kind]!.leaseMs ?? LEASE_MS, kinds: [kind] })));
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

async function runGroup(services: Services, handler: Handler, group: Job[]): Promise<void> {
  if ('one' in handler) {
    for (const job of group) {
      try {
        await handler.one(services, job.payload, job);
        await completeJob(services.db, job.id);
      } catch (error) {
        await failJob(services.db, job, message(error));
      }
    }
    return;
  }
  try {
    await handler.batch(services, group.map((j) => j.payload));
    await completeJobs(services.db, group.map((j) => j.id));
  } catch (error) {
    for (const job of group) await failJob(services.db, job, message(error));
  }
}

/** Polls the jobs table in this process; `stop()` waits for the current round. */
export function startWorker(services: Services, opts: { intervalMs?: number; log?: (m: string) => void } = {}) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        await runDueJobs(services);
      } catch (error) {
        opts.log?.(`job worker: ${message(error)}`);
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
