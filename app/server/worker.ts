/**
 * `npm run worker`: a job worker in its own process (mail, search sync,
 * reindexing). Any number may run beside the app; they share the jobs table.
 */
import { ConfigError, loadConfig } from '../config.server.ts';
import { createLogger } from '../log.server.ts';
import { bootRuntime } from './boot.server.ts';

try {
  const config = loadConfig();
  // PGlite and the bundled Meilisearch belong to one process; a separate worker needs shared servers.
  if (!config.DATABASE_URL || !config.MEILI_URL) throw new ConfigError(['DATABASE_URL and MEILI_URL: a separate worker shares the app\'s PostgreSQL and Meilisearch, so both must be set']);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const runtime = await bootRuntime(config, logger, { worker: true });
  logger.info('Samverka worker running. Ctrl-C stops it.');
  const stop = async () => {
    await runtime.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
} catch (error) {
  console.error(error instanceof ConfigError ? `Samverka worker cannot start.\n${error.message}` : error);
  process.exit(1);
}
