/**
 * `npm run search:reindex`: rebuilds the search index from the database,
 * swaps it in atomically and replays what changed meanwhile. Shows progress.
 */
import { forgetEverywhere } from '#db/cache-bus.server.ts';
import { reindex } from '#search/reindex.server.ts';
import { ConfigError, loadConfig } from '../config.server.ts';
import { documentText } from '../search.server.ts';
import { createLogger } from '../log.server.ts';
import { bootRuntime } from './boot.server.ts';

try {
  const config = loadConfig();
  // A command run by a person: its progress line stays plain text, the boot lines go through the logger.
  const runtime = await bootRuntime(config, createLogger({ level: config.LOG_LEVEL }), { worker: false });
  if (!runtime.services.search.available) throw new Error(`search is unavailable: ${runtime.services.search.reason}`);
  const started = Date.now();
  const result = await reindex(runtime.services.db, runtime.services.search.client, documentText, (p) => {
    process.stdout.write(`\r${p.phase.padEnd(10)} ${p.indexed}/${p.total}`);
  });
  console.log(`\nIndexed ${result.indexed} documents in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.replayed} changed meanwhile and were queued again.`);
  // Running servers drop their stored pages: search pages read the new index.
  await forgetEverywhere('pages');
  await runtime.shutdown();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
