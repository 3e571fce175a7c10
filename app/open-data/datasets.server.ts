/**
 * Open data (issue 18): the datasets Samverka publishes under /oppna-data, described once here and used by
 * the files (CSV, JSON and the CSVW column description), the DCAT-AP-SE catalogue and its HTML page.
 *
 * Every dataset has the same shape: its columns (JSON name, CSV name, and a meaning in both languages from the
 * i18n catalogs), a paged query (the read API's keyset pages from db/queries/api.server.ts) read to the end
 * by `allRows`, and the date of its latest change. What an anonymous reader may see comes from the policy
 * module alone (`PUBLIC_SCOPE`): partners-only and group-only items never reach a file, nor do their
 * comments; hidden comments never do.
 */
import * as q from '#db/queries/api.server.ts';
import { commentsModified, commentsPage, indicatorsWithValues, initiativesModified, lessonsModified, snapshotsModified, type OpenCommentRow } from '#db/queries/open-data.server.ts';
import type { Db } from '#db/client.server.ts';
import { translate, type Locale, type MessageKey, type TranslateParams } from '#app/i18n/index.ts';
import { toCsv } from '#app/feeds/csv.ts';
import { ANONYMOUS, readerContentScope } from '#app/policy.ts';
import { PIECE_PATHS } from '#app/follows/follows.server.ts';

/** The licence the platform's open data is under (the export has stated CC BY 4.0 since issue 7); the URI as DCAT-AP-SE's licence list writes it. */
export const LICENCE = { name: 'CC BY 4.0', uri: 'http://creativecommons.org/licenses/by/4.0/' } as const;

/** What an anonymous reader may read: the only scope any open-data query is given. */
export const PUBLIC_SCOPE = readerContentScope(ANONYMOUS);

export type Text = Record<Locale, string>;
const both = (key: MessageKey, params?: TranslateParams): Text => ({ sv: translate('sv', key, params), en: translate('en', key, params) });

type Cell = string | number | null | string[];

/** One column: its name in JSON and in CSV, its meaning (openData.col.<json>) and its XSD datatype for the CSVW description. */
export interface Column<R> {
  json: string;
  csv: string;
  datatype: 'string' | 'anyURI' | 'date' | 'dateTime' | 'decimal';
  /** A list: an array in JSON, joined with `;` in CSV. */
  list?: boolean;
  value: (row: R) => Cell;
}

export interface OpenDataset<R = unknown> {
  /** The path under /oppna-data, without a suffix: `insatser`, `indikatorvarden/N00914`. */
  path: string;
  /** The field of the JSON file that holds the rows (the initiatives file has said `initiatives` since it began). */
  itemsKey: string;
  title: Text;
  description: Text;
  keywords: Text[];
  /** EU data themes (http://publications.europa.eu/resource/authority/data-theme/…). */
  themes: string[];
  /** The read API listing of the same data, for the catalogue's API distribution; null when the API has none (comments). */
  apiPath: string | null;
  columns: Column<R>[];
  /** Extra facts the JSON file states beside the rows (an indicator's name and unit). */
  about?: Record<string, unknown>;
  rows: () => Promise<R[]>;
  modified: () => Promise<Date | null>;
}

const PAGE = 500;

/**
 * Every row of a keyset-paged query: `page` fetches up to `limit + 1` rows after a key (the read API's
 * convention, the extra row saying more follow), `keyOf` gives the key to continue after.
 */
export async function allRows<R, K>(page: (after: K | null, limit: number) => Promise<R[]>, keyOf: (row: R) => K): Promise<R[]> {
  const all: R[] = [];
  let after: K | null = null;
  for (;;) {
    const rows = await page(after, PAGE);
    const kept = rows.slice(0, PAGE);
    all.push(...kept);
    if (rows.length <= PAGE || kept.length === 0) return all;
    after = keyOf(kept[kept.length - 1]!);
  }
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const byPublication = (r: { cursorAt: string; id: string }) => ({ publishedAt: r.cursorAt, id: r.id });

/** Columns every piece of content has, in this order: id and url first, the dates last. */
const col = <R>(json: string, csv: string, value: (row: R) => Cell, datatype: Column<R>['datatype'] = 'string', list = false): Column<R> => ({ json, csv, value, datatype, list });

const CONTENT_THEMES = ['SOCI', 'REGI'];
const keywords = (...words: [string, string][]): Text[] => words.map(([sv, en]) => ({ sv, en }));

/** What every kind of published content has: the page it is on, its id and title, and its dates. */
type ContentRow = { id: string; slug: string; title: string; organizationName: string; publishedAt: Date | null; updatedAt: Date; cursorAt: string };

/**
 * A dataset of one kind of published content: id, url and title first, its own columns, then the owner and
 * the dates; its rows the read API's pages in the public scope, read to the end.
 */
function contentDataset<R extends ContentRow>(
  origin: string,
  kind: { path: 'insatser' | 'lardomar' | 'ogonblicksbilder'; itemsKey: string; apiPath: string; keywords: Text[] },
  own: Column<R>[],
  page: (after: q.PublishedAfter | null, limit: number) => Promise<R[]>,
  modified: () => Promise<Date | null>,
): OpenDataset<R> {
  return {
    ...kind,
    title: both(`openData.ds.${kind.path}.title`),
    description: both(`openData.ds.${kind.path}.description`),
    themes: CONTENT_THEMES,
    columns: [
      col('id', 'id', (r) => r.id),
      col('url', 'url', (r) => `${origin}/${kind.path}/${r.slug}`, 'anyURI'),
      col('title', 'title', (r) => r.title),
      ...own,
      col('organization', 'organization', (r) => r.organizationName),
      col('publishedAt', 'published_at', (r) => iso(r.publishedAt), 'dateTime'),
      col('updatedAt', 'updated_at', (r) => iso(r.updatedAt), 'dateTime'),
    ],
    rows: () => allRows(page, byPublication),
    modified,
  };
}

type InitiativeRow = Awaited<ReturnType<typeof q.initiativesPage>>[number];
type LessonRow = Awaited<ReturnType<typeof q.lessonsPage>>[number];
type SnapshotRow = Awaited<ReturnType<typeof q.snapshotsPage>>[number];
const summary = <R extends { summary: string }>() => col<R>('summary', 'summary', (r) => r.summary);
const plainSummary = <R extends { plainSummary: string }>() => col<R>('plainSummary', 'plain_summary', (r) => r.plainSummary);
const tags = <R extends { themes: string[]; successFactors: string[] }>() => [
  col<R>('themes', 'themes', (r) => r.themes, 'string', true),
  col<R>('successFactors', 'success_factors', (r) => r.successFactors, 'string', true),
];

const initiativesDataset = (db: Db, origin: string) =>
  contentDataset<InitiativeRow>(
    origin,
    { path: 'insatser', itemsKey: 'initiatives', apiPath: '/api/v1/initiatives', keywords: keywords(['segregation', 'segregation'], ['insatser', 'initiatives'], ['samverkan', 'collaboration']) },
    [
      summary(),
      plainSummary(),
      col('status', 'status', (r) => r.status),
      col('startDate', 'start_date', (r) => r.startDate, 'date'),
      col('endDate', 'end_date', (r) => r.endDate, 'date'),
      col('sector', 'sector', (r) => r.sector),
      col('areaCodes', 'area_codes', (r) => r.areaCodes, 'string', true),
      ...tags(),
    ],
    (after, limit) => q.initiativesPage(db, PUBLIC_SCOPE, after, limit),
    () => initiativesModified(db, PUBLIC_SCOPE),
  );

const lessonsDataset = (db: Db, origin: string) =>
  contentDataset<LessonRow>(
    origin,
    { path: 'lardomar', itemsKey: 'lessons', apiPath: '/api/v1/lessons', keywords: keywords(['segregation', 'segregation'], ['lärdomar', 'lessons learned']) },
    [summary(), plainSummary(), col('initiativeId', 'initiative_id', (r) => r.initiativeId), ...tags()],
    (after, limit) => q.lessonsPage(db, PUBLIC_SCOPE, after, limit),
    () => lessonsModified(db, PUBLIC_SCOPE),
  );

const snapshotsDataset = (db: Db, origin: string) =>
  contentDataset<SnapshotRow>(
    origin,
    { path: 'ogonblicksbilder', itemsKey: 'snapshots', apiPath: '/api/v1/snapshots', keywords: keywords(['segregation', 'segregation'], ['indikatorer', 'indicators']) },
    [
      col('areaCode', 'area_code', (r) => r.areaCode),
      col('areaName', 'area_name', (r) => r.areaName),
      col('periodFrom', 'period_from', (r) => r.periodFrom),
      col('periodTo', 'period_to', (r) => r.periodTo),
    ],
    (after, limit) => q.snapshotsPage(db, PUBLIC_SCOPE, after, limit),
    () => snapshotsModified(db, PUBLIC_SCOPE),
  );

/**
 * Questions and comments on public, published initiatives, lessons and snapshots (issue 16), oldest first:
 * never a hidden one, never one on a partners-only, group-only or unpublished item (`commentsPage` in the
 * public scope). The author is shown as on the page, by display name, with the verified organisations they
 * belong to; never an address.
 */
const commentsDataset = (db: Db, origin: string): OpenDataset<OpenCommentRow> => {
  const itemUrl = (r: OpenCommentRow) => `${origin}${PIECE_PATHS[r.itemType]}/${r.itemSlug}`;
  return {
    path: 'kommentarer',
    itemsKey: 'comments',
    title: both('openData.ds.kommentarer.title'),
    description: both('openData.ds.kommentarer.description'),
    keywords: keywords(['segregation', 'segregation'], ['frågor', 'questions'], ['kommentarer', 'comments']),
    themes: CONTENT_THEMES,
    apiPath: null,
    columns: [
      col('id', 'id', (r) => r.id),
      col('url', 'url', (r) => `${itemUrl(r)}#kommentar-${r.id}`, 'anyURI'),
      col('itemType', 'item_type', (r) => r.itemType),
      col('itemId', 'item_id', (r) => r.itemId),
      col('itemUrl', 'item_url', itemUrl, 'anyURI'),
      col('body', 'body', (r) => r.body),
      col('authorName', 'author_name', (r) => r.authorName),
      col('authorOrganizations', 'author_organizations', (r) => r.authorOrganizations, 'string', true),
      col('createdAt', 'created_at', (r) => iso(r.createdAt), 'dateTime'),
      col('editedAt', 'edited_at', (r) => iso(r.editedAt), 'dateTime'),
    ],
    rows: () =>
      allRows(
        (after: { createdAt: string; id: string } | null, limit) => commentsPage(db, PUBLIC_SCOPE, after, limit),
        (r) => ({ createdAt: r.cursorAt, id: r.id }),
      ),
    modified: () => commentsModified(db, PUBLIC_SCOPE),
  };
};

type IndicatorRow = Awaited<ReturnType<typeof indicatorsWithValues>>[number];

function indicatorValuesDataset(db: Db, indicator: IndicatorRow): OpenDataset<Awaited<ReturnType<typeof q.indicatorValuesPage>>[number]> {
  const name = { sv: indicator.nameSv, en: indicator.nameEn };
  const description = (locale: Locale) => {
    const own = (locale === 'sv' ? indicator.descriptionSv : indicator.descriptionEn) || translate(locale, 'openData.ds.indikator.noDescription', { name: name[locale], unit: indicator.unit });
    return translate(locale, 'openData.ds.indikator.description', { description: own, source: indicator.source });
  };
  return {
    path: `indikatorvarden/${indicator.code}`,
    itemsKey: 'values',
    title: { sv: translate('sv', 'openData.ds.indikator.title', { name: name.sv }), en: translate('en', 'openData.ds.indikator.title', { name: name.en }) },
    description: { sv: description('sv'), en: description('en') },
    keywords: keywords(['statistik', 'statistics'], ['indikatorer', 'indicators'], [indicator.code, indicator.code]),
    themes: CONTENT_THEMES,
    apiPath: `/api/v1/indicator-values?indikator=${encodeURIComponent(indicator.code)}`,
    about: { indicator: { code: indicator.code, name, unit: indicator.unit, source: indicator.source, isExample: indicator.isExample } },
    columns: [
      col('indicatorCode', 'indicator_code', (r) => r.indicatorCode),
      col('areaCode', 'area_code', (r) => r.areaCode),
      col('period', 'period', (r) => r.period),
      col('breakdown', 'breakdown', (r) => r.breakdown),
      col('value', 'value', (r) => Number(r.value), 'decimal'),
      col('unit', 'unit', () => indicator.unit),
      col('updatedAt', 'updated_at', (r) => iso(r.updatedAt), 'dateTime'),
      col('source', 'source', (r) => r.source),
      col('importId', 'import_id', (r) => r.importId),
      col('retrievedAt', 'retrieved_at', (r) => iso(r.retrievedAt), 'dateTime'),
      col('importedAt', 'imported_at', (r) => iso(r.importedAt), 'dateTime'),
    ],
    rows: () =>
      allRows(
        (after: number | null, limit) => q.indicatorValuesPage(db, { indicatorCode: indicator.code }, after, limit),
        (r) => r.id,
      ),
    modified: async () => indicator.modified,
  };
}

/**
 * Every dataset the catalogue lists: the three kinds of content, the comments on them, and the values of each indicator that has
 * any. Example indicators (demo data, labelled as such on every page) stay out of the catalogue so that the
 * national portal never harvests them; their files still answer, saying `isExample`.
 */
export async function openDatasets(db: Db, origin: string, opts: { includeExamples?: boolean } = {}): Promise<OpenDataset[]> {
  const indicators = await indicatorsWithValues(db, { includeExamples: opts.includeExamples ?? false });
  return [initiativesDataset(db, origin), lessonsDataset(db, origin), snapshotsDataset(db, origin), commentsDataset(db, origin), ...indicators.map((i) => indicatorValuesDataset(db, i))] as OpenDataset[];
}

/** The dataset at a path under /oppna-data (`insatser`, `indikatorvarden/N00914`), or null. */
export async function openDatasetAt(db: Db, origin: string, path: string): Promise<OpenDataset | null> {
  const all = await openDatasets(db, origin, { includeExamples: true });
  return all.find((d) => d.path === path) ?? null;
}

// ---------------------------------------------------------------------------
// The files

const meaning = (json: string): Text => both(`openData.col.${json}` as MessageKey);

/** The JSON file: the licence, what the columns mean, then the rows. */
export function jsonFile(dataset: OpenDataset, rows: unknown[], origin: string) {
  return {
    license: LICENCE.name,
    licenseUrl: LICENCE.uri,
    title: dataset.title,
    description: dataset.description,
    source: `${origin}/oppna-data`,
    generatedAt: new Date().toISOString(),
    columns: dataset.columns.map((c) => ({ name: c.json, csvName: c.csv, datatype: c.datatype, meaning: meaning(c.json) })),
    ...dataset.about,
    [dataset.itemsKey]: rows.map((r) => Object.fromEntries(dataset.columns.map((c) => [c.json, c.value(r)]))),
  };
}

/** The CSV file (RFC 4180, formulas neutralised by toCsv); its licence and column meanings are in the companion CSVW file. */
export function csvFile(dataset: OpenDataset, rows: unknown[]): string {
  return toCsv(
    dataset.columns.map((c) => c.csv),
    rows.map((r) =>
      dataset.columns.map((c) => {
        const v = c.value(r);
        return Array.isArray(v) ? v.join(';') : v;
      }),
    ),
  );
}

/**
 * The CSV's description in W3C CSV on the Web (CSVW) metadata, found beside it as `<file>.csv-metadata.json`
 * (the spec's default location) and linked from the CSV's `Link: rel="describedby"` header: the licence, the
 * title, and each column's name, meaning in Swedish and English, and datatype.
 */
export function csvMetadataFile(dataset: OpenDataset, origin: string) {
  const lang = (t: Text) => [
    { '@value': t.sv, '@language': 'sv' },
    { '@value': t.en, '@language': 'en' },
  ];
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'sv' }],
    url: `${origin}/oppna-data/${dataset.path}.csv`,
    'dc:title': lang(dataset.title),
    'dc:description': lang(dataset.description),
    'dc:license': { '@id': LICENCE.uri },
    'dc:publisher': { '@id': `${origin}/oppna-data/katalog#utgivare` },
    dialect: { delimiter: ',', encoding: 'utf-8', header: true },
    tableSchema: {
      columns: dataset.columns.map((c) => ({
        name: c.csv,
        titles: c.csv,
        'dc:description': lang(meaning(c.json)),
        datatype: c.datatype,
        ...(c.list ? { separator: ';' } : {}),
        required: false,
      })),
    },
  };
}
