/**
 * The import page's "fetch straight from the source" form: checks the fields,
 * fetches (Kolada or SCB) and hands the answer to the same preview as an
 * uploaded file (import.server.ts previewValues). The commit is the ordinary
 * draft commit; a new indicator and the query to remember travel with the draft.
 */
import type { RequestContext } from '../../context.server.ts';
import type { MessageKey } from '../../i18n/index.ts';
import * as q from '#db/queries/indicators.server.ts';
import { previewValues, type PreviewOutcome } from '../import.server.ts';
import { SourceError } from './http.ts';
import { fetchSource, INDICATOR_CODE_RE, parseYears, type NewIndicator, type SourceQuery } from './import-source.server.ts';
import { fetchKpi, KPI_ID_RE } from './kolada.ts';
import { SCB_TABLE_RE, scbPeriodKind } from './scb.ts';

export type SourceField = 'kpi' | 'county' | 'areaList' | 'years' | 'indicator' | 'newCode' | 'unit' | 'table' | 'contents' | 'regions' | 'other';

export type SourcePreviewOutcome =
  | PreviewOutcome
  | { ok: false; status: number; kind: 'values'; problems: []; fieldErrors: Partial<Record<SourceField, MessageKey>>; sourceError?: { reason: string; params: Record<string, string | number> } };

const NEW = '__new';
const split = (v: string) => v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export async function previewFromSource(ctx: RequestContext, userId: string, form: FormData): Promise<SourcePreviewOutcome> {
  const { db, config } = ctx.services;
  // A field may come several times (the SCB form's lists of regions and years picked from the table's metadata).
  const get = (k: string) =>
    form
      .getAll(k)
      .map((v) => String(v).trim())
      .filter(Boolean)
      .join(',');
  const api = get('api') === 'scb' ? 'scb' : 'kolada';
  const errors: Partial<Record<SourceField, MessageKey>> = {};
  const years = parseYears(get('years'));
  // A month or quarter typed (or picked) as a year gets its own message: Samverka keeps values per year.
  const notYearly = split(get('years')).some((code) => ['month', 'quarter', 'half'].includes(scbPeriodKind(code)));
  if (!years) errors.years = get('years') === '' ? 'error.required' : notYearly ? 'import.api.error.yearsNotYearly' : 'import.api.error.years';
  const catalogue = await q.indicatorCodes(db);
  let indicatorCode = get('indicator');
  let fresh: Omit<NewIndicator, 'nameSv' | 'nameEn' | 'descriptionSv' | 'descriptionEn' | 'source'> | null = null;
  if (indicatorCode === NEW && api === 'kolada') {
    indicatorCode = get('newCode').toLowerCase();
    if (indicatorCode === '') errors.newCode = 'error.required';
    else if (!INDICATOR_CODE_RE.test(indicatorCode)) errors.newCode = 'import.api.error.newCodeFormat';
    else if (catalogue.has(indicatorCode)) errors.newCode = 'import.api.error.newCodeTaken';
    if (get('unit') === '') errors.unit = 'error.required';
    else if (get('unit').length > 40) errors.unit = 'import.api.error.unitLength';
    fresh = { code: indicatorCode, unit: get('unit'), higherIsBetter: get('higherIsBetter') === 'yes', decimals: 1 };
  } else if (!catalogue.has(indicatorCode)) errors.indicator = 'import.api.error.indicator';

  let query: SourceQuery | null = null;
  if (api === 'kolada') {
    const kpi = get('kpi').toUpperCase();
    if (!KPI_ID_RE.test(kpi)) errors.kpi = kpi === '' ? 'error.required' : 'import.api.error.kpi';
    const scope = get('areaScope');
    let areas = 'all';
    if (scope === 'county') {
      areas = get('county');
      if (!/^\d{2}$/.test(areas)) errors.county = 'import.api.error.county';
    } else if (scope === 'list') {
      areas = split(get('areaList')).join(',');
      if (areas === '') errors.areaList = 'error.required';
    }
    if (years) query = { source: 'kolada', kpi, areas, years };
  } else {
    const table = get('table');
    if (!SCB_TABLE_RE.test(table)) errors.table = table === '' ? 'error.required' : 'import.api.error.table';
    const selection: Record<string, string[]> = {};
    if (get('regions')) selection.Region = split(get('regions'));
    if (years) selection.Tid = years.map(String);
    if (get('contents')) selection.ContentsCode = [get('contents')];
    // The other variables picked from the table's metadata: `var.<code>` = one value, or empty (left out: SCB sums over it).
    for (const [key, value] of form.entries()) {
      const variable = key.startsWith('var.') ? key.slice(4) : null;
      if (variable === null || String(value).trim() === '') continue;
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(variable)) errors.other = 'import.api.error.other';
      else selection[variable] = [...(selection[variable] ?? []), String(value).trim()];
    }
    for (const line of get('other').split('\n').map((l) => l.trim()).filter(Boolean)) {
      const m = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
      if (!m) errors.other = 'import.api.error.other';
      else selection[m[1]!] = split(m[2]!);
    }
    query = { source: 'scb', table, selection };
  }
  if (Object.keys(errors).length > 0 || !query) return { ok: false, status: 400, kind: 'values', problems: [], fieldErrors: errors };

  try {
    const settings = { KOLADA_API_URL: config.KOLADA_API_URL, SCB_API_URL: config.SCB_API_URL };
    let newIndicator: NewIndicator | null = null;
    if (fresh && query.source === 'kolada') {
      const kpi = await fetchKpi(settings.KOLADA_API_URL, query.kpi);
      newIndicator = { ...fresh, nameSv: kpi.title.slice(0, 200), nameEn: kpi.title.slice(0, 200), descriptionSv: kpi.description, descriptionEn: kpi.description, source: `Kolada (KPI ${kpi.id})` };
    }
    const fetched = await fetchSource(db, settings, query, indicatorCode, { decimals: newIndicator?.decimals });
    const remember = form.get('remember') === 'on' ? query : null;
    return await previewValues(db, userId, {
      fileName: fetched.fileName,
      bytes: fetched.bytes,
      source: fetched.source,
      retrievedAt: fetched.retrievedAt,
      sha256: fetched.sha256,
      requestUrls: fetched.requestUrls,
      sourceQuery: remember || newIndicator ? { remember, newIndicator } : null,
      newIndicator,
      pagesFirst: ctx.services.dbKind === 'pglite',
    });
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { ok: false, status: error.reason === 'not-found' ? 404 : 502, kind: 'values', problems: [], fieldErrors: {}, sourceError: { reason: error.reason, params: error.params } };
  }
}
