/**
 * `npm start` / `npm run dev`: validates the environment, boots the database,
 * search, mail and jobs, serves Samverka, and stops it all cleanly on SIGTERM.
 */
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.server.ts';
import { bootRuntime } from './boot.server.ts';
import { createHttpApp } from './http.server.ts';
import { seedDemo, DEMO_LOGINS } from '#db/seed/demo.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.ts';
import { hashPassword } from '../auth/password.server.ts';
import { reindexIfEmpty } from '../search.server.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Samverka cannot start.\n${error.message}`);
    process.exit(1);
  }
  throw error;
}

const runtime = await bootRuntime(config);
if (config.SEED_DEMO === 'true') {
  const created = await seedDemo(runtime.services.db, { hashPassword });
  if (created) console.log('Demo content created (organisations and users marked as examples).');
  const { values } = await seedIndicatorDemo(runtime.services.db);
  if (values > 0) console.log(`Example statistics created: ${values} values, labelled as example data.`);
}
await reindexIfEmpty(runtime.services, console.log).catch((error) => console.log(`Search: first indexing failed – ${error}`));

const app = await createHttpApp(
  runtime.services,
  config.NODE_ENV === 'production' ? { kind: 'production', buildDir: path.resolve('build') } : { kind: 'development' },
);
const server = app.listen(config.PORT, () => {
  console.log(`\nSamverka is running at ${config.publicUrl}`);
  if (config.SEED_DEMO === 'true') {
    console.log('Demo logins (password for all: ' + DEMO_LOGINS.password + '):');
    for (const u of DEMO_LOGINS.users) console.log(`  ${u.email.padEnd(32)} ${u.description}`);
  }
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Samverka…`);
  server.close();
  server.closeAllConnections();
  await runtime.shutdown();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
