import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SearchStatus } from '#app/services.server.ts';
import { ensureIndex } from '#search/engine.server.ts';
import { createMeiliClient } from '#search/http-client.server.ts';
import { startMeilisearch, type MeiliProcess } from '#search/launcher.server.ts';

/**
 * A real Meilisearch for one test file, in its own temporary directory, with
 * the content index set up. `restart()` stops it and starts it again on the
 * same data (a new port), as an outage and recovery would.
 */
export async function startTestSearch() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-meili-'));
  let meili: MeiliProcess = await startMeilisearch({ dataDir });
  const status = (): SearchStatus & { available: true } => ({ available: true, url: meili.url, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) });
  await ensureIndex(status().client);
  return {
    status,
    stop: () => meili.stop(),
    async start() {
      meili = await startMeilisearch({ dataDir });
      return status();
    },
    async close() {
      await meili.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
