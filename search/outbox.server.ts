/**
 * The search side of the transactional outbox: every content write enqueues a
 * sync job in its own transaction; the worker drains them in batches into
 * Meilisearch. A job only says "look at this item again", so replays and
 * duplicates are harmless: the document is rebuilt from the database each time.
 */
import type { EnqueuedTask, Meilisearch } from 'meilisearch';
import type { Db } from '#db/client.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { jobs } from '#db/schema/index.server.ts';
import { loadDocuments, type ContentRef, type DocumentText } from './documents.server.ts';
import { CONTENT_INDEX } from './settings.ts';

export const SEARCH_SYNC_JOB = 'search.sync';
/** A full reindex requested from the admin page, run by a worker. */
export const SEARCH_REINDEX_JOB = 'search.reindex';
/** Search jobs never give up: when Meilisearch is away they wait, and catch up when it returns. */
const SEARCH_JOB_ATTEMPTS = 1_000_000;

export async function enqueueSearchSync(db: Db, ref: ContentRef): Promise<void> {
  await enqueueJob(db, SEARCH_SYNC_JOB, { ...ref }, { maxAttempts: SEARCH_JOB_ATTEMPTS });
}

/** Many items at once, one row each: used by the reindex to replay what changed while it ran. */
export async function enqueueSearchSyncMany(db: Db, refs: ContentRef[]): Promise<void> {
  if (refs.length === 0) return;
  await db.insert(jobs).values(refs.map((ref) => ({ kind: SEARCH_SYNC_JOB, payload: { ...ref }, maxAttempts: SEARCH_JOB_ATTEMPTS })));
}

/** Applies a batch of sync jobs: one upsert call and one delete call, awaited until Meilisearch has processed them. */
export async function applySearchSync(db: Db, client: Meilisearch, refs: ContentRef[], text: DocumentText, opts: { indexUid?: string } = {}): Promise<void> {
  await (await submitSearchSync(db, client, refs, text, opts)).settled();
}

/** A batch whose tasks Meilisearch has accepted; `settled()` resolves once they succeeded and throws if one did not. */
export interface SubmittedSync {
  settled(): Promise<void>;
}

/**
 * The first half of {@link applySearchSync}: rebuilds the batch's documents
 * from the database and enqueues its upsert and delete tasks, without waiting
 * for Meilisearch to process them. The worker builds the next batch meanwhile.
 *
 * Safe because Meilisearch processes the tasks of one index in the order they
 * were enqueued, and each batch is built from the database after the one
 * before it: a later task never carries an older view of a document than an
 * earlier one. A batch whose task fails is retried as a whole and rebuilt
 * from the database then, so it cannot bring back an old view either. Its
 * jobs may be completed only after `settled()`.
 */
export async function submitSearchSync(db: Db, client: Meilisearch, refs: ContentRef[], text: DocumentText, opts: { indexUid?: string } = {}): Promise<SubmittedSync> {
  const index = client.index(opts.indexUid ?? CONTENT_INDEX);
  const { upsert, remove } = await loadDocuments(db, refs, text);
  const tasks: EnqueuedTask[] = [];
  if (upsert.length) tasks.push(await index.addDocuments(upsert, { primaryKey: 'id' }));
  if (remove.length) tasks.push(await index.deleteDocuments(remove));
  return {
    async settled() {
      // In enqueue order; a task waits behind those enqueued before it, so the timeout allows for a queue.
      for (const task of tasks) await assertSucceeded(await client.tasks.waitForTask(task, { timeout: 120_000 }));
    },
  };
}

export async function assertSucceeded(task: { status: string; error?: { message: string } | null }): Promise<void> {
  if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'unknown error'}`);
}
