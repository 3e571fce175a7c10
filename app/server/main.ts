/**
 * `npm start` / `npm run dev`: validates the environment, boots the database,
 * search, mail and jobs, serves Samverka, and stops it all cleanly on SIGTERM.
 * Everything it says goes through the logger (JSON lines on stdout).
 *
 * Cluster mode (issue 15): in production (`npm start`) with DATABASE_URL set and WEB_CONCURRENCY above 1 (the default is one per core), this
 * process becomes a node:cluster primary. It migrates, seeds the areas, starts the bundled Meilisearch once (when
 * MEILI_URL is unset), seeds the demo and fills an empty index, then forks WEB_CONCURRENCY HTTP workers that share
 * the port, handing them Meilisearch's address and key. Every worker runs a job worker too: claims take
 * `FOR UPDATE SKIP LOCKED` with leases (db/queries/jobs.server.ts), so no two take the same job, and a job queued
 * by a request is run by whichever worker polls first. A worker that dies is replaced; SIGTERM stops the workers
 * (each finishes its requests and its job round), then Meilisearch and the database.
 * The embedded default (PGlite, no DATABASE_URL) stays one process: PGlite lives inside the process that opened it.
 */
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.server.ts';
import { createLogger } from '../log.server.ts';
import { bootRuntime, type Runtime } from './boot.server.ts';
import { createHttpApp } from './http.server.ts';
import { seedDemo, DEMO_LOGINS } from '#db/seed/demo.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { hashPassword } from '../auth/password.server.ts';
import { reindexIfEmpty } from '../search.server.ts';
import { forgetEverywhere } from '#db/cache-bus.server.ts';

/** Set by the primary for its workers when it found no Meilisearch, so they do not each look (and start one). */
const SEARCH_UNAVAILABLE_ENV = 'SAMVERKA_SEARCH_UNAVAILABLE';
/** More restarts than this within a minute: something is wrong with every worker, and restarting will not help. */
const MAX_RESTARTS_PER_MINUTE = 10;

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
// `npm run dev` stays one process: each worker would run its own Vite dev server.
const clustered = config.NODE_ENV === 'production' && !!config.DATABASE_URL && config.WEB_CONCURRENCY > 1;

if (clustered && cluster.isPrimary) await runPrimary();
else await runServer();

async function boot(opts: Parameters<typeof bootRuntime>[2] = {}): Promise<Runtime> {
  return bootRuntime(config, logger, opts).catch((error: unknown) => {
    logger.fatal({ err: error }, 'Samverka cannot start');
    process.exit(1);
  });
}

/** What only one process does: demo content and a first indexing. */
async function prepare(runtime: Runtime) {
  if (config.SEED_DEMO === 'true') {
    const created = await seedDemo(runtime.services.db, { hashPassword });
    if (created) logger.info('Demo content created (organisations and users marked as examples).');
    const { values } = await seedIndicatorDemo(runtime.services.db);
    if (values > 0) logger.info(`Example statistics created: ${values} values, labelled as example data.`);
  }
  await reindexIfEmpty(runtime.services, (line) => logger.info(line)).catch((error) => logger.error({ err: error }, 'Search: first indexing failed'));
  // Other instances on the same database may keep pages from before the demo content.
  await forgetEverywhere('pages');
}

function logDemoLogins() {
  if (config.SEED_DEMO !== 'true') return;
  // The demo password is public (README); these accounts are examples only.
  logger.info(`Demo logins, password for all: ${DEMO_LOGINS.password}`);
  for (const u of DEMO_LOGINS.users) logger.info(`Demo login: ${u.email} – ${u.description}`);
}

/** One process serving HTTP: the whole app (no cluster), or one worker of the cluster. */
async function runServer() {
  const worker = cluster.isWorker ? cluster.worker : undefined;
  if (!worker && !config.DATABASE_URL && process.env.WEB_CONCURRENCY && config.WEB_CONCURRENCY > 1) {
    logger.warn('WEB_CONCURRENCY is ignored without DATABASE_URL: the embedded PGlite database serves one process.');
  }
  const runtime = await boot(worker ? { clusterWorker: { searchUnavailable: process.env[SEARCH_UNAVAILABLE_ENV] || undefined } } : {});
  if (!worker) await prepare(runtime);

  const app = await createHttpApp(
    runtime.services,
    config.NODE_ENV === 'production' ? { kind: 'production', buildDir: path.resolve('build') } : { kind: 'development' },
  );
  const server = app.listen(config.PORT, () => {
    if (worker) {
      logger.info({ worker: worker.id }, `HTTP worker ${worker.id} is serving`);
      return;
    }
    logger.info(`Samverka is running at ${config.publicUrl}`);
    logDemoLogins();
  });

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    if (!worker) logger.info(`${signal}: stopping Samverka…`);
    server.close();
    server.closeAllConnections();
    await runtime.shutdown();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function runPrimary() {
  const runtime = await boot({ worker: false });
  await prepare(runtime);
  const search = runtime.services.search;
  const workerEnv: Record<string, string> = runtime.bundledSearch
    ? { MEILI_URL: runtime.bundledSearch.url, MEILI_MASTER_KEY: runtime.bundledSearch.masterKey }
    : search.available
      ? {}
      : { [SEARCH_UNAVAILABLE_ENV]: search.reason };

  let stopping = false;
  const restarts: number[] = [];
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening !== config.WEB_CONCURRENCY) return;
    logger.info(`Samverka is running at ${config.publicUrl} (${config.WEB_CONCURRENCY} HTTP workers)`);
    logDemoLogins();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      logger.fatal({ workerPid: worker.process.pid, code, signal }, `HTTP workers keep dying (more than ${MAX_RESTARTS_PER_MINUTE} in a minute): stopping Samverka`);
      void stop('restarts', 1);
      return;
    }
    logger.error({ workerPid: worker.process.pid, code, signal }, 'HTTP worker died: starting another');
    cluster.fork(workerEnv);
  });
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) cluster.fork(workerEnv);

  async function stop(signal: string, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping Samverka…`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(workers.map(stopWorker));
    await runtime.shutdown();
    process.exit(exitCode);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** SIGTERM, as a worker on its own would get it; killed if it has not ended within 8 s. */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), 8_000);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}
