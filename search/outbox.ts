/**
 * The search side of the transactional outbox: every content write enqueues a
 * sync job in its own transaction; the worker drains them in batches into
 * Meilisearch. A job only says "look at this item again", so replays and
 * duplicates are harmless: the document is rebuilt from the database each time.
 */
import type { Meilisearch } from 'meilisearch';
import type { Db } from '#db/client.ts';
import { enqueueJob } from '#db/queries/jobs.ts';
import { jobs } from '#db/schema/index.ts';
import { loadDocuments, type ContentRef, type DocumentText } from './documents.ts';
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

/** Applies a batch of sync jobs: one upsert call and one delete call, each awaited until Meilisearch has processed it. */
export async function applySearchSync(db: Db, client: Meilisearch, refs: ContentRef[], text: DocumentText, opts: { indexUid?: string } = {}): Promise<void> {
  const index = client.index(opts.indexUid ?? CONTENT_INDEX);
  const { upsert, remove } = await loadDocuments(db, refs, text);
  if (upsert.length) await assertSucceeded(await index.addDocuments(upsert, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }));
  if (remove.length) await assertSucceeded(await index.deleteDocuments(remove).waitTask({ timeout: 60_000 }));
}

export async function assertSucceeded(task: { status: string; error?: { message: string } | null }): Promise<void> {
  if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'unknown error'}`);
}
