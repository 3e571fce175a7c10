/**
 * `npm start` / `npm run dev`: validates the environment, boots the database,
 * search, mail and jobs, serves Samverka, and stops it all cleanly on SIGTERM.
 * Everything it says goes through the logger (JSON lines on stdout).
 */
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.server.ts';
import { createLogger } from '../log.server.ts';
import { bootRuntime } from './boot.server.ts';
import { createHttpApp } from './http.server.ts';
import { seedDemo, DEMO_LOGINS } from '#db/seed/demo.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { hashPassword } from '../auth/password.server.ts';
import { reindexIfEmpty } from '../search.server.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    // No logger yet (LOG_LEVEL is part of what failed): plain text for the person starting it.
    console.error(`Samverka cannot start.\n${error.message}`);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger({ level: config.LOG_LEVEL });

const runtime = await bootRuntime(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'Samverka cannot start');
  process.exit(1);
});
if (config.SEED_DEMO === 'true') {
  const created = await seedDemo(runtime.services.db, { hashPassword });
  if (created) logger.info('Demo content created (organisations and users marked as examples).');
  const { values } = await seedIndicatorDemo(runtime.services.db);
  if (values > 0) logger.info(`Example statistics created: ${values} values, labelled as example data.`);
}
await reindexIfEmpty(runtime.services, (line) => logger.info(line)).catch((error) => logger.error({ err: error }, 'Search: first indexing failed'));

const app = await createHttpApp(
  runtime.services,
  config.NODE_ENV === 'production' ? { kind: 'production', buildDir: path.resolve('build') } : { kind: 'development' },
);
const server = app.listen(config.PORT, () => {
  logger.info(`Samverka is running at ${config.publicUrl}`);
  if (config.SEED_DEMO === 'true') {
    // The demo password is public (README); these accounts are examples only.
    logger.info(`Demo logins, password for all: ${DEMO_LOGINS.password}`);
    for (const u of DEMO_LOGINS.users) logger.info(`Demo login: ${u.email} – ${u.description}`);
  }
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping Samverka…`);
  server.close();
  server.closeAllConnections();
  await runtime.shutdown();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
