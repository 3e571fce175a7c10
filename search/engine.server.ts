import type { Meilisearch } from 'meilisearch';
import { assertSucceeded } from './outbox.server.ts';
import { CONTENT_INDEX, contentIndexSettings } from './settings.ts';

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getIndex(uid);
    return true;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false;
    throw error;
  }
}

/** Creates the index if needed and applies the settings from the repo (idempotent; run at boot). */
export async function ensureIndex(client: Meilisearch, uid = CONTENT_INDEX): Promise<void> {
  if (!(await indexExists(client, uid))) await assertSucceeded(await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }));
  await assertSucceeded(await client.index(uid).updateSettings(contentIndexSettings).waitTask({ timeout: 60_000 }));
}

export async function deleteIndexIfExists(client: Meilisearch, uid: string): Promise<void> {
  if (await indexExists(client, uid)) await assertSucceeded(await client.deleteIndex(uid).waitTask({ timeout: 30_000 }));
}
