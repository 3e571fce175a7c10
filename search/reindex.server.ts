/**
 * A full reindex: build a fresh index beside the live one, swap them in one
 * atomic step, then replay everything that changed while the build ran (the
 * worker may have written those changes into the old index, which the swap
 * retired). Readers never see an empty or half-built index.
 */
import type { EnqueuedTask, Meilisearch } from 'meilisearch';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { jobs } from '#db/schema/index.server.ts';
import { DOCUMENTS_OF, SEARCHABLE_TYPES, type ContentRef, type DocumentText, type SearchDocument } from './documents.server.ts';
import { deleteIndexIfExists, ensureIndex } from './engine.server.ts';
import { assertSucceeded, enqueueSearchSyncMany, SEARCH_SYNC_JOB } from './outbox.server.ts';
import { CONTENT_INDEX } from './settings.ts';

export interface ReindexProgress {
  phase: 'building' | 'swapping' | 'replaying' | 'done';
  indexed: number;
  total: number;
}

const BATCH = 1000;
/** Batches handed to Meilisearch and not yet finished, as in the worker (app/jobs/worker.server.ts). */
const MAX_QUEUED = 4;

export async function reindex(db: Db, client: Meilisearch, text: DocumentText, onProgress: (p: ReindexProgress) => void = () => {}): Promise<{ indexed: number; replayed: number }> {
  // A minute's margin covers clock skew between app instances; replaying too much is harmless.
  const startedAt = new Date(Date.now() - 60_000);
  const [counts] = await db.select({
    total: sql<number>`(select count(*)::int from initiatives where state = 'published') + (select count(*)::int from lessons where state = 'published')
      + (select count(*)::int from indicator_snapshots where state = 'published') + (select count(*)::int from working_groups) + (select count(*)::int from group_threads)`,
  }).from(sql`(select 1) as one`);
  const total = counts?.total ?? 0;
  const building = `${CONTENT_INDEX}_build_${Date.now()}`;
  await ensureIndex(client, CONTENT_INDEX); // the swap needs both sides to exist
  await ensureIndex(client, building);

  let indexed = 0;
  onProgress({ phase: 'building', indexed, total });
  // Pipelined like the worker's drain: the next page is read and built while Meilisearch indexes the
  // ones before it (it applies an index's tasks in order); progress counts what it has finished.
  const queued: { task: EnqueuedTask; size: number }[] = [];
  const settleOldest = async () => {
    const { task, size } = queued.shift()!;
    await assertSucceeded(await client.tasks.waitForTask(task, { timeout: 300_000 }));
    indexed += size;
    onProgress({ phase: 'building', indexed, total });
  };
  try {
    for (const type of SEARCHABLE_TYPES) {
      const pageOf = DOCUMENTS_OF[type];
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const docs: SearchDocument[] = await pageOf(db, { after, limit: BATCH }, text);
        if (docs.length === 0) break;
        queued.push({ task: await client.index(building).addDocuments(docs, { primaryKey: 'id' }), size: docs.length });
        after = docs.at(-1)!.id.slice(type.length + 1);
        if (queued.length >= MAX_QUEUED) await settleOldest();
      }
    }
    while (queued.length) await settleOldest();
  } catch (error) {
    // The live index is untouched; the half-built one goes (its remaining tasks fail harmlessly with it).
    await deleteIndexIfExists(client, building).catch(() => {});
    throw error;
  }

  onProgress({ phase: 'swapping', indexed, total });
  await assertSucceeded(await client.swapIndexes([{ indexes: [CONTENT_INDEX, building], rename: false }]).waitTask({ timeout: 60_000 }));
  await deleteIndexIfExists(client, building);

  onProgress({ phase: 'replaying', indexed, total });
  // Every content write enqueues a sync job in its own transaction, so the jobs since the start name everything that changed.
  const recent = await db
    .selectDistinct({ payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.kind, SEARCH_SYNC_JOB), gte(jobs.createdAt, startedAt)));
  const changed = recent.map((r) => r.payload as unknown as ContentRef);
  await enqueueSearchSyncMany(db, changed);
  onProgress({ phase: 'done', indexed, total });
  return { indexed, replayed: changed.length };
}
