/**
 * A full reindex: build a fresh index beside the live one, swap them in one
 * atomic step, then replay everything that changed while the build ran (the
 * worker may have written those changes into the old index, which the swap
 * retired). Readers never see an empty or half-built index.
 */
import type { Meilisearch } from 'meilisearch';
import { gte, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { initiatives, lessons } from '#db/schema/index.ts';
import { initiativeDocuments, lessonDocuments, type DocumentText, type SearchDocument } from './documents.ts';
import { deleteIndexIfExists, ensureIndex } from './engine.ts';
import { assertSucceeded, enqueueSearchSyncMany } from './outbox.ts';
import { CONTENT_INDEX } from './settings.ts';

export interface ReindexProgress {
  phase: 'building' | 'swapping' | 'replaying' | 'done';
  indexed: number;
  total: number;
}

const BATCH = 1000;

export async function reindex(db: Db, client: Meilisearch, text: DocumentText, onProgress: (p: ReindexProgress) => void = () => {}): Promise<{ indexed: number; replayed: number }> {
  // A minute's margin covers clock skew between app instances; replaying too much is harmless.
  const startedAt = new Date(Date.now() - 60_000);
  const [counts] = await db.select({
    total: sql<number>`(select count(*)::int from initiatives where state = 'published') + (select count(*)::int from lessons where state = 'published')`,
  }).from(sql`(select 1) as one`);
  const total = counts?.total ?? 0;
  const building = `${CONTENT_INDEX}_build_${Date.now()}`;
  await ensureIndex(client, CONTENT_INDEX); // the swap needs both sides to exist
  await ensureIndex(client, building);

  let indexed = 0;
  onProgress({ phase: 'building', indexed, total });
  for (const pageOf of [initiativeDocuments, lessonDocuments]) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const docs: SearchDocument[] = await pageOf(db, { after, limit: BATCH }, text);
      if (docs.length === 0) break;
      await assertSucceeded(await client.index(building).addDocuments(docs, { primaryKey: 'id' }).waitTask({ timeout: 300_000 }));
      indexed += docs.length;
      after = docs.at(-1)!.id.replace(/^(initiative|lesson)-/, '');
      onProgress({ phase: 'building', indexed, total });
    }
  }

  onProgress({ phase: 'swapping', indexed, total });
  await assertSucceeded(await client.swapIndexes([{ indexes: [CONTENT_INDEX, building], rename: false }]).waitTask({ timeout: 60_000 }));
  await deleteIndexIfExists(client, building);

  onProgress({ phase: 'replaying', indexed, total });
  const changed = [
    ...(await db.select({ id: initiatives.id }).from(initiatives).where(gte(initiatives.updatedAt, startedAt))).map((r) => ({ type: 'initiative' as const, id: r.id })),
    ...(await db.select({ id: lessons.id }).from(lessons).where(gte(lessons.updatedAt, startedAt))).map((r) => ({ type: 'lesson' as const, id: r.id })),
  ];
  await enqueueSearchSyncMany(db, changed);
  onProgress({ phase: 'done', indexed, total });
  return { indexed, replayed: changed.length };
}
