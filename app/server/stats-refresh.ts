/**
 * `npm run stats:refresh [-- <indicator code> …]`: fetches every indicator that
 * remembers its source query again and commits what changed, each as a new
 * import with its provenance (the daily `indicators.refresh` job does the same).
 * Exit 1 when any indicator failed, with the reasons.
 */
import { forgetEverywhereThrough } from '#db/cache-bus.server.ts';
import { openDatabase } from '#db/client.server.ts';
import { ConfigError, loadConfig } from '../config.server.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { refreshIndicators, sourceErrorMessage } from '../indicators/sources/import-source.server.ts';
import { problemLine } from './stats-cli.ts';

const locale = /^sv/i.test(process.env.LC_ALL || process.env.LANG || '') ? 'sv' : 'en';
const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    const codes = process.argv.slice(2);
    const outcomes = await refreshIndicators(database.db, config, {
      codes: codes.length > 0 ? codes : undefined,
      onEach: (o) => {
        if (o.ok) console.log(`${o.indicatorCode}: ${o.result!.changed === 0 ? t('import.doneNothing') : t('import.done', { changed: o.result!.changed, rows: o.result!.rows })}`);
        else if (o.error) console.error(`${o.indicatorCode}: ${sourceErrorMessage(t, o.error)}`);
        else for (const p of o.problems ?? []) console.error(`${o.indicatorCode}: ${problemLine(t, p)}`);
      },
    });
    if (outcomes.length === 0) console.log('no indicator remembers a source query');
    process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
  } finally {
    // Running servers drop the pages they keep for anonymous readers: the statistics they show may have changed.
    await forgetEverywhereThrough(database.sql, 'pages');
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
