import type { Db } from '#db/client.server.ts';
import type { Indicator } from '#db/schema/index.server.ts';
import { periodsAtLevel, valuesAtLevel } from '#db/queries/indicator-maps.server.ts';
import type { LegendEntry, MapArea } from '../components/choropleth-map.tsx';
import { compareSwedish, formatNumber } from '../i18n/format.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { classify, PALETTE, withUnit } from './choropleth.ts';
import { exampleShare, isExampleValue, type ExampleShare } from './example-data.ts';
import { nationalMap } from './geo.server.ts';

export type Level = 'kommun' | 'lan';
export type SortKey = 'namn' | 'varde';
export type SortOrder = 'stigande' | 'fallande';

export interface IndicatorMapView {
  year: string;
  years: string[];
  width: number;
  height: number;
  areas: MapArea[];
  legend: LegendEntry[];
  legendNote: string;
  /** `example`: the area's value is example data (app/indicators/example-data.ts). */
  rows: { code: string; name: string; value: number | null; formatted: string; tone: number; example: boolean }[];
  /** How many of the values shown are example data: the page says so once for 'all', per area for 'some'. */
  example: ExampleShare;
  /** With 'some': which areas the table and the map's names mark, the fewer kind (289 example values and one import mark the one). */
  marked: 'example' | 'imported' | null;
  provenance: { source: string; retrievedAt: string | null; fileName: string; importedAt: string }[];
  withValue: number;
}

/**
 * One indicator on the national map for one year: classes, legend, the links' accessible names
 * and the table rows, all from the same values, so the table always matches the map.
 * Returns `{ unknownYear }` when the year has no values at this level.
 */
export async function indicatorMap(
  db: Db,
  indicator: Indicator,
  opts: MapOptions,
): Promise<{ view: IndicatorMapView } | { unknownYear: string; years: string[] }> {
  const kind = opts.level === 'lan' ? 'county' : 'municipality';
  const years = await periodsAtLevel(db, indicator.code, kind);
  const year = opts.year ?? years[0];
  if (year === undefined || !years.includes(year)) return { unknownYear: opts.year ?? '', years };
  const { rows, provenance } = await valuesAtLevel(db, indicator.code, kind, year);
  const marked = rows.map((r) => ({ ...r, example: r.value !== null && isExampleValue(indicator.isExample, r.importFormat) }));
  return { view: buildIndicatorMapView(indicator, { ...opts, year }, years, marked, provenance) };
}

export interface MapOptions {
  level: Level;
  year?: string;
  locale: 'sv' | 'en';
  sort?: SortKey;
  order?: SortOrder;
}

/** The view from values already read (pure, so unit tests can feed it a known set of values). */
export function buildIndicatorMapView(
  indicator: Pick<Indicator, 'decimals' | 'unit' | 'higherIsBetter'>,
  opts: MapOptions & { year: string },
  years: string[],
  rows: { code: string; name: string; value: number | null; example?: boolean }[],
  provenance: { source: string; retrievedAt: Date | null; fileName: string; createdAt: Date }[],
): IndicatorMapView {
  const year = opts.year;
  const t = (key: string, params?: Record<string, string | number>) => translate(opts.locale, key as MessageKey, params);
  const fmt = (v: number) => withUnit(formatNumber(v, opts.locale, indicator.decimals), indicator.unit);
  const present = rows.filter((r) => r.value !== null).map((r) => r.value!);
  const { classes, classOf } = classify(present, indicator.higherIsBetter);
  const toneOf = (v: number | null) => {
    const c = classOf(v);
    return c < 0 ? -1 : PALETTE.indexOf(classes[c]!.color as (typeof PALETTE)[number]);
  };
  const share = exampleShare(rows.filter((r) => r.value !== null).map((r) => r.example === true));
  const examples = rows.filter((r) => r.value !== null && r.example === true).length;
  const marked = share !== 'some' ? null : examples <= present.length - examples ? 'example' : 'imported';
  const isMarked = (r: { value: number | null; example?: boolean } | undefined) => r !== undefined && r.value !== null && marked !== null && (r.example === true) === (marked === 'example');
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const map = nationalMap(opts.level);
  const areas: MapArea[] = map.shapes.map((s) => {
    const r = byCode.get(s.code);
    const name = r?.name ?? s.name;
    const value = r?.value ?? null;
    const note = isMarked(r) ? ` (${marked === 'example' ? t('chart.exampleAll') : t('map.imported')})` : '';
    return { code: s.code, d: s.d, tone: toneOf(value), href: `/omraden/${s.code}`, label: `${name}: ${value === null ? t('map.noValue') : fmt(value)}${note}` };
  });
  const missing = rows.filter((r) => r.value === null).length;
  const legend: LegendEntry[] = classes.map((c) => ({
    tone: PALETTE.indexOf(c.color as (typeof PALETTE)[number]),
    label: t('map.legendClass', { from: fmt(c.min), to: fmt(c.max), count: c.count }),
  }));
  if (missing > 0) legend.push({ tone: -1, label: t('map.legendMissing', { count: missing }) });

  // Area names are Swedish, so they sort the Swedish way (Å, Ä, Ö last) in either language.
  const dir = opts.order === 'fallande' ? -1 : 1;
  const tableRows = rows
    .map((r) => ({ code: r.code, name: r.name, value: r.value, formatted: r.value === null ? '–' : formatNumber(r.value, opts.locale, indicator.decimals), tone: toneOf(r.value), example: r.example === true }))
    .sort((a, b) => {
      if (opts.sort === 'varde') {
        // Missing values last whichever way the column runs.
        if (a.value === null || b.value === null) return a.value === b.value ? compareSwedish(a.name, b.name) : a.value === null ? 1 : -1;
        return dir * (a.value - b.value) || compareSwedish(a.name, b.name);
      }
      return dir * compareSwedish(a.name, b.name);
    });
  return {
      year,
      years,
      width: map.width,
      height: map.height,
      areas,
      legend,
      legendNote: indicator.higherIsBetter ? t('map.darkerWorseHigh') : t('map.darkerWorseLow'),
      rows: tableRows,
      example: share,
      marked,
      provenance: provenance.map((p) => ({ source: p.source, retrievedAt: p.retrievedAt?.toISOString() ?? null, fileName: p.fileName, importedAt: p.createdAt.toISOString() })),
      withValue: present.length,
  };
}
