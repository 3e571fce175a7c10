import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listIndicators } from '#db/queries/indicators.server.ts';
import { countyWideInitiatives, findIndicator, initiativeCountsByArea, initiativesInKommuner } from '#db/queries/indicator-maps.server.ts';
import { areaNamesByCode, listMunicipalities } from '#db/queries/areas.server.ts';
import { INITIATIVE_STATUSES, SECTORS, SUCCESS_FACTORS, THEMES, VISIBILITIES } from '#app/vocabulary.ts';
import { ChoroplethMap } from '#app/components/choropleth-map.tsx';
import { Notice } from '#app/components/ui.tsx';
import { parseBrowseFilters, type BrowseFilters } from '#app/content/initiative-filters.ts';
import { indicatorMap } from '#app/indicators/maps.server.ts';
import { nationalMap } from '#app/indicators/geo.server.ts';
import { translate } from '#app/i18n/index.ts';
import { compareSwedish } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { isPathKey } from '#app/http/form.server.ts';
import { canReadVisibility } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'efforts.title') : ''} – Samverka` }];

/** The browse page's filters as a query string (area and paging left out: the map is every kommun). */
function filterQuery(f: BrowseFilters, extra: Record<string, string> = {}) {
  const p = new URLSearchParams();
  if (f.theme) p.set('tema', f.theme);
  if (f.successFactor) p.set('faktor', f.successFactor);
  if (f.status) p.set('status', f.status);
  if (f.sector) p.set('sektor', f.sector);
  if (f.year) p.set('ar', String(f.year));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** Rows per län code, in the order they come (the query sorts by län). */
function byCounty<T extends { areaCode: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.areaCode, [...(out.get(r.areaCode) ?? []), r]);
  return out;
}

/** Initiatives named per län beside the map before "all in the län". */
const COUNTY_SHOWN = 5;

/** Largest circle radius in map pixels; circle AREA is proportional to the count. */
const MAX_R = 14;

/**
 * Published initiatives per kommun on a map, filtered like /insatser and counted with the same
 * visibility rule as the browse page (policy.canReadVisibility); with `?indikator=`, one indicator's
 * map beside it: where the needs are next to where the efforts are.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  const q = new URL(request.url).searchParams;
  const filters = parseBrowseFilters(q);
  const actor = await context.actor();
  const visibilities = VISIBILITIES.filter((v) => canReadVisibility(actor, v));
  const counted = { ...filters, visibilities };
  const [counts, inKommuner, countyWide, municipalities, indicators, areaNames] = await Promise.all([
    initiativeCountsByArea(db, counted),
    initiativesInKommuner(db, counted),
    countyWideInitiatives(db, counted),
    listMunicipalities(db),
    listIndicators(db),
    areaNamesByCode(db),
  ]);
  const names = new Map(municipalities.map((m) => [m.code, m.name]));
  const map = nationalMap('kommun');
  const max = Math.max(0, ...map.shapes.map((s) => counts.get(s.code) ?? 0));
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(context.locale, key, params);
  const circles = map.shapes
    .filter((s) => (counts.get(s.code) ?? 0) > 0)
    .map((s) => {
      const count = counts.get(s.code)!;
      const name = names.get(s.code) ?? s.name;
      return { code: s.code, cx: s.cx, cy: s.cy, r: Math.round(Math.max(2, MAX_R * Math.sqrt(count / max)) * 10) / 10, count, label: t('efforts.count', { name, count }), href: `/insatser?${filterQuery(filters, { omrade: s.code })}` };
    })
    // Big circles first, so small ones stay on top and clickable.
    .sort((a, b) => b.count - a.count);
  const indicatorCode = q.get('indikator') || null;
  let indicatorView = null;
  let indicatorName = '';
  let unknownIndicator: string | null = null;
  if (indicatorCode) {
    // A code no indicator can have is simply unknown, without a query.
    const indicator = isPathKey(indicatorCode) ? await findIndicator(db, indicatorCode) : undefined;
    if (!indicator) unknownIndicator = indicatorCode;
    else {
      indicatorName = context.locale === 'sv' ? indicator.nameSv : indicator.nameEn;
      const result = await indicatorMap(db, indicator, { level: 'kommun', locale: context.locale });
      indicatorView = 'view' in result ? { ...result.view, rows: [] } : null;
    }
  }
  return json(
    {
      locale: context.locale,
      filters,
      width: map.width,
      height: map.height,
      outline: map.shapes.map((s) => s.d),
      circles,
      // Distinct initiatives: one naming Malmö and Göteborg is one initiative in two circles.
      total: inKommuner,
      /** Initiatives naming a whole län: no kommun circle stands for them, so they are listed per län beside the map. */
      counties: [...byCounty(countyWide)].map(([code, rows]) => ({
        code,
        name: areaNames.get(code) ?? code,
        count: rows.length,
        initiatives: rows.slice(0, COUNTY_SHOWN).map((r) => ({ slug: r.slug, title: r.title })),
        href: `/insatser?${filterQuery(filters, { omrade: code })}`,
      })),
      max,
      table: [...circles].sort((a, b) => compareSwedish(names.get(a.code) ?? a.code, names.get(b.code) ?? b.code)).map((c) => ({ code: c.code, name: names.get(c.code) ?? c.code, count: c.count, href: c.href })),
      indicators: indicators.map((i) => ({ code: i.code, name: context.locale === 'sv' ? i.nameSv : i.nameEn })),
      indicatorCode,
      indicatorName,
      indicatorView,
      unknownIndicator,
    },
    { status: unknownIndicator ? 404 : 200 },
  );
}

const YEARS = Array.from({ length: 16 }, (_, i) => new Date().getFullYear() + 1 - i);

export default function EffortsMap() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = d.filters;
  const countsTable = (
    <div className="map-table-wrap" role="region" aria-labelledby="efforts-table-caption" tabIndex={0}>
      <table className="table">
        <caption id="efforts-table-caption">{t('efforts.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('map.colArea')}</th>
            <th scope="col">{t('efforts.colCount')}</th>
          </tr>
        </thead>
        <tbody>
          {d.table.map((r) => (
            <tr key={r.code}>
              <th scope="row">{r.name}</th>
              <td>
                <a href={r.href}>{r.count}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="container page">
      <nav aria-label={t('area.breadcrumb')}>
        <ol className="breadcrumb">
          <li>
            <Link to="/insatser">{t('initiative.list.title')}</Link>
          </li>
          <li aria-current="page">{t('efforts.title')}</li>
        </ol>
      </nav>
      <h1>{t('efforts.title')}</h1>
      <p className="lead">{t('efforts.lead')}</p>
      <Form method="get" className="filter-bar">
        <Select id="tema" label={t('filter.theme')} value={f.theme} any={t('filter.anyTheme')} options={THEMES.map((v) => [v, t(`theme.${v}`)])} />
        <Select id="faktor" label={t('filter.factor')} value={f.successFactor} any={t('filter.anyFactor')} options={SUCCESS_FACTORS.map((v) => [v, t(`factor.${v}.name`)])} />
        <Select id="status" label={t('filter.status')} value={f.status} any={t('filter.anyStatus')} options={INITIATIVE_STATUSES.map((v) => [v, t(`status.${v}`)])} />
        <Select id="sektor" label={t('filter.sector')} value={f.sector} any={t('filter.anySector')} options={SECTORS.map((v) => [v, t(`sector.${v}`)])} />
        <Select id="ar" label={t('filter.year')} value={f.year ? String(f.year) : undefined} any={t('filter.anyYear')} options={YEARS.map((y) => [String(y), String(y)])} />
        <Select id="indikator" label={t('efforts.indicator')} value={d.indicatorCode ?? undefined} any={t('efforts.noIndicator')} options={d.indicators.map((i) => [i.code, i.name])} />
        <button type="submit" className="button">
          {t('filter.apply')}
        </button>
        <Link to="/insatser/karta">{t('filter.clear')}</Link>
      </Form>
      {d.unknownIndicator ? <Notice tone="warning">{t('efforts.unknownIndicator', { code: d.unknownIndicator })}</Notice> : null}
      <p aria-live="polite">{t('efforts.total', { count: d.total, areas: d.circles.length })}</p>
      <div className={`map-layout${d.indicatorView ? ' map-layout--two' : ''}`}>
        <figure className="map" aria-labelledby="efforts-map-title">
          <figcaption id="efforts-map-title" className="map__title">
            {t('efforts.mapTitle')}
          </figcaption>
          <svg viewBox={`0 0 ${d.width} ${d.height}`} className="map__svg">
            <g aria-hidden="true">
              {d.outline.map((p, i) => (
                <path key={i} className="map__base" d={p} />
              ))}
            </g>
            {d.circles.map((c) => (
              <a key={c.code} href={c.href} aria-label={c.label}>
                <title>{c.label}</title>
                <circle className="map__dot" cx={c.cx} cy={c.cy} r={c.r} />
              </a>
            ))}
          </svg>
          <div className="map__legend">
            <p className="map__legend-title">{t('efforts.legendTitle')}</p>
            {d.max > 0 ? <p className="meta">{t('efforts.legendMax', { count: d.max })}</p> : null}
            <p className="meta">{t('efforts.legendNote')}</p>
          </div>
        </figure>
        {d.indicatorView ? (
          <ChoroplethMap
            id="need-map"
            title={t('map.title', { indicator: d.indicatorName, year: d.indicatorView.year, level: t('map.levelKommun') })}
            width={d.indicatorView.width}
            height={d.indicatorView.height}
            areas={d.indicatorView.areas}
            legendTitle={t('map.legendTitle')}
            legend={d.indicatorView.legend}
            legendNote={d.indicatorView.legendNote}
          />
        ) : (
          countsTable
        )}
      </div>
      {d.indicatorView ? countsTable : null}
      <section aria-labelledby="county-wide-title" className="county-wide">
        <h2 id="county-wide-title">{t('efforts.countyWide.title')}</h2>
        <p className="meta">{t('efforts.countyWide.lead')}</p>
        {d.counties.length === 0 ? (
          <p>{t('efforts.countyWide.none')}</p>
        ) : (
          <ul className="plain-list">
            {d.counties.map((c) => (
              <li key={c.code}>
                <strong>{t('efforts.count', { name: c.name, count: c.count })}</strong>
                {': '}
                {c.initiatives.map((i, n) => (
                  <span key={i.slug}>
                    {n > 0 ? ', ' : ''}
                    <Link to={`/insatser/${i.slug}`}>{i.title}</Link>
                  </span>
                ))}
                {c.count > c.initiatives.length ? (
                  <>
                    {' · '}
                    <a href={c.href}>{t('efforts.countyWide.all', { name: c.name })}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="meta">{t('map.boundarySource')}</p>
    </div>
  );
}

function Select({ id, label, value, any, options }: { id: string; label: string; value: string | undefined; any: string; options: [string, string][] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value ?? ''}>
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
