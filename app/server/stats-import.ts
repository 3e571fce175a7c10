/**
 * `npm run stats:import -- kolada <KPI> [--areas all|<län>|<codes>] [--years 2015-2024] [--indicator <code>]
 *     [--new --unit <unit> --higher-is-better yes|no [--decimals 1]] [--remember]`
 * `npm run stats:import -- scb <table> --indicator <code> [--areas <codes>] [--years …] [--contents <code>] [--select Var=a,b …] [--remember]`
 *
 * Fetches from the source and commits all-or-nothing with the same checks as
 * the import page, showing progress. Exit 0 when imported (or nothing
 * changed), 1 when the source failed or the values were refused (the reasons
 * are printed), 2 for a wrong command line. Messages in Swedish when LANG is
 * Swedish, else English.
 */
import { parseArgs } from 'node:util';
import { forgetEverywhereThrough } from '#db/cache-bus.server.ts';
import { openDatabase } from '#db/client.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';
import { ConfigError, loadConfig } from '../config.server.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { SourceError } from '../indicators/sources/http.ts';
import { importFromSource, INDICATOR_CODE_RE, parseYears, sourceErrorMessage, type NewIndicator, type SourceQuery } from '../indicators/sources/import-source.server.ts';
import { fetchKpi, KPI_ID_RE } from '../indicators/sources/kolada.ts';
import { problemLine } from './stats-cli.ts';

const locale = /^sv/i.test(process.env.LC_ALL || process.env.LANG || '') ? 'sv' : 'en';
const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);

class UsageError extends Error {}

const USAGE = `usage:
  npm run stats:import -- kolada <KPI id> [--areas all|<län code>|<code,code…>] [--years 2015-2024] [--indicator <code>]
                          [--new --unit <unit> --higher-is-better yes|no [--decimals 1]] [--remember]
  npm run stats:import -- scb <table id> --indicator <code> [--areas <code,code…>] [--years 2015-2024]
                          [--contents <ContentsCode>] [--select Variable=code,code …] [--remember]`;

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    await seedAreas(database.db);
    const { db } = database;
    let fresh: NewIndicator | undefined;
    if (args.newIndicator) {
      if (args.query.source !== 'kolada') throw new UsageError('--new needs a Kolada KPI (name and description come from Kolada)');
      process.stdout.write(`Kolada ${args.query.kpi} …\n`);
      const kpi = await fetchKpi(config.KOLADA_API_URL, args.query.kpi, { timeoutMs: args.timeoutMs });
      fresh = { ...args.newIndicator, nameSv: kpi.title.slice(0, 200), nameEn: kpi.title.slice(0, 200), descriptionSv: kpi.description, descriptionEn: kpi.description, source: `Kolada (KPI ${kpi.id})` };
    } else if (!(await q.indicatorCodes(db)).has(args.indicatorCode)) {
      throw new UsageError(`no indicator "${args.indicatorCode}" in the catalogue: give --indicator <code> of an existing one, or --new --unit … --higher-is-better … to create it`);
    }
    const started = Date.now();
    process.stdout.write(`${args.query.source === 'kolada' ? 'Kolada' : 'SCB'} → ${args.indicatorCode}: fetching …\n`);
    const outcome = await importFromSource(db, { KOLADA_API_URL: config.KOLADA_API_URL, SCB_API_URL: config.SCB_API_URL, timeoutMs: args.timeoutMs }, {
      query: args.query,
      indicatorCode: args.indicatorCode,
      newIndicator: fresh,
      remember: args.remember,
      onProgress: (done, total) => process.stdout.write(`\rwriting ${done}/${total}`),
    });
    if (!outcome.ok) {
      console.error(`${t('import.problems')}`);
      for (const p of outcome.problems.slice(0, 50)) console.error(`  ${problemLine(t, p)}`);
      if (outcome.problems.length > 50) console.error(`  … ${outcome.problems.length - 50} more`);
      return 1;
    }
    const r = outcome.result;
    process.stdout.write('\n');
    console.log(r.changed === 0 ? t('import.doneNothing') : t('import.done', { changed: r.changed, rows: r.rows }));
    console.log(`${r.source}; ${r.rows} values; sha256 ${r.fileSha256}; ${((Date.now() - started) / 1000).toFixed(1)} s${r.importId ? `; import ${r.importId}` : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof SourceError) {
      console.error(`${sourceErrorMessage(t, error)} ${t('import.source.error.nothing')}`);
      return 1;
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  } finally {
    // Running servers drop the pages they keep for anonymous readers: the statistics they show may have changed.
    await forgetEverywhereThrough(database.sql, 'pages');
    await database.close();
  }
}

function parse() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      areas: { type: 'string' },
      years: { type: 'string' },
      indicator: { type: 'string' },
      new: { type: 'boolean', default: false },
      unit: { type: 'string' },
      'higher-is-better': { type: 'string' },
      decimals: { type: 'string', default: '1' },
      contents: { type: 'string' },
      select: { type: 'string', multiple: true, default: [] },
      remember: { type: 'boolean', default: false },
      'timeout-ms': { type: 'string', default: '30000' },
    },
  });
  const [source, id, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected: ${rest.join(' ')}`);
  if (!id) throw new UsageError('give the source (kolada or scb) and a KPI or table id');
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new UsageError('--timeout-ms must be a whole number of at least 100');
  const currentYear = new Date().getFullYear();
  const years = values.years === undefined ? parseYears(`${currentYear - 10}-${currentYear - 1}`)! : parseYears(values.years);
  if (!years) throw new UsageError(`--years: a year, a range such as 2015-2024 or a list such as 2020,2022 (at most 50 years)`);

  let query: SourceQuery;
  let indicatorCode: string;
  if (source === 'kolada') {
    const kpi = id.toUpperCase();
    if (!KPI_ID_RE.test(kpi)) throw new UsageError(`"${id}" is not a Kolada KPI id (a letter and five digits, e.g. N00914)`);
    query = { source: 'kolada', kpi, areas: values.areas ?? 'all', years };
    indicatorCode = values.indicator ?? kpi.toLowerCase();
  } else if (source === 'scb') {
    if (!values.indicator) throw new UsageError('scb needs --indicator <code>: the indicator the values go into');
    indicatorCode = values.indicator;
    const selection: Record<string, string[]> = {};
    if (values.areas) selection.Region = values.areas.split(',').map((s) => s.trim()).filter(Boolean);
    selection.Tid = years.map(String);
    if (values.contents) selection.ContentsCode = [values.contents];
    for (const s of values.select) {
      const m = /^([A-Za-z0-9_-]+)=(.+)$/.exec(s);
      if (!m) throw new UsageError(`--select ${s}: write Variable=code,code`);
      selection[m[1]!] = m[2]!.split(',').map((c) => c.trim()).filter(Boolean);
    }
    query = { source: 'scb', table: id, selection };
  } else {
    throw new UsageError(`unknown source "${source ?? ''}": kolada or scb`);
  }
  if (!INDICATOR_CODE_RE.test(indicatorCode)) throw new UsageError(`--indicator: "${indicatorCode}" is not an indicator code (a–z, 0–9, _)`);

  let newIndicator: Omit<NewIndicator, 'nameSv' | 'nameEn' | 'descriptionSv' | 'descriptionEn' | 'source'> | null = null;
  if (values.new) {
    const direction = values['higher-is-better'];
    if (!values.unit) throw new UsageError('--new needs --unit (procent, antal, kronor …)');
    if (direction !== 'yes' && direction !== 'no') throw new UsageError('--new needs --higher-is-better yes or no');
    const decimals = Number(values.decimals);
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new UsageError('--decimals: 0 to 6');
    newIndicator = { code: indicatorCode, unit: values.unit, higherIsBetter: direction === 'yes', decimals };
  }
  return { query, indicatorCode, newIndicator, remember: values.remember, timeoutMs };
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
