/**
 * A stand-in for the app in test/integration/meili-launcher.test.ts: starts
 * Meilisearch through the launcher on the data dir given as argument, prints
 * `{"pid":…,"url":…}` on one line, and lives until it is killed.
 */
import { startMeilisearch } from '#search/launcher.server.ts';

const meili = await startMeilisearch({ dataDir: process.argv[2]! });
process.stdout.write(`${JSON.stringify({ pid: meili.pid, url: meili.url })}\n`);
setInterval(() => {}, 60_000);
