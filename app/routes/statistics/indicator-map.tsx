import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { findIndicator } from '#db/queries/indicator-maps.server.ts';
import { ChoroplethMap } from '#app/components/choropleth-map.tsx';
import { Notice } from '#app/components/ui.tsx';
import { notFound } from '#app/context.server.ts';
import { hasControlCharacters, pathKey } from '#app/http/form.server.ts';
import { badRequest } from '#app/http/guards.server.ts';
import { indicatorMap, type Level, type SortKey, type SortOrder } from '#app/indicators/maps.server.ts';
import { formatDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.name} – Samverka` : 'Samverka' }];

/** One indicator on a map of every kommun (or län, `?niva=lan`) for a year, with the same values in a sortable table. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  const indicator = await findIndicator(db, pathKey(params.code));
  if (!indicator) notFound();
  const q = new URL(request.url).searchParams;
  const niva = q.get('niva');
  if (niva !== null && niva !== 'kommun' && niva !== 'lan') throw new Response('niva must be "kommun" or "lan"', { status: 400 });
  const level: Level = niva === 'lan' ? 'lan' : 'kommun';
  const sort: SortKey = q.get('sortera') === 'varde' ? 'varde' : 'namn';
  const order: SortOrder = q.get('ordning') === 'fallande' ? 'fallande' : 'stigande';
  const year = q.get('ar') || undefined;
  if (year !== undefined && hasControlCharacters(year)) badRequest('ar must be a year, such as 2023');
  const result = await indicatorMap(db, indicator, { level, year, locale: context.locale, sort, order });
  const base = {
    locale: context.locale,
    code: indicator.code,
    name: context.locale === 'sv' ? indicator.nameSv : indicator.nameEn,
    description: context.locale === 'sv' ? indicator.descriptionSv : indicator.descriptionEn,
    unit: indicator.unit,
    higherIsBetter: indicator.higherIsBetter,
    isExample: indicator.isExample,
    source: indicator.source,
    level,
    sort,
    order,
  };
  if ('unknownYear' in result) {
    // A clear message and the years there are, with 404: the year asked for has no map.
    return json({ ...base, view: null, unknownYear: result.unknownYear, years: result.years }, { status: 404 });
  }
  return json({ ...base, view: result.view, unknownYear: null, years: result.view.years });
}


export default function IndicatorMapPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const v = d.view;
  const query = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const current: Record<string, string | null> = { ar: v?.year ?? null, niva: d.level === 'lan' ? 'lan' : null, sortera: d.sort === 'namn' ? null : d.sort, ordning: d.order === 'stigande' ? null : d.order };
    for (const [k, val] of Object.entries({ ...current, ...changes })) if (val) p.set(k, val);
    return p.size ? `?${p}` : '';
  };
  const sortLink = (key: SortKey) => query({ sortera: key === 'namn' ? null : key, ordning: d.sort === key && d.order === 'stigande' ? 'fallande' : null });
  const ariaSort = (key: SortKey) => (d.sort === key ? (d.order === 'stigande' ? 'ascending' : 'descending') : undefined);
  const levelName = d.level === 'lan' ? t('map.levelLan') : t('map.levelKommun');
  return (
    <div className="container page">
      <nav aria-label={t('area.breadcrumb')}>
        <ol className="breadcrumb">
          <li>
            <Link to="/statistik">{t('stats.title')}</Link>
          </li>
          <li aria-current="page">{d.name}</li>
        </ol>
      </nav>
      <h1 className="map-heading">{d.name}</h1>
      {d.description ? <p className="lead">{d.description}</p> : null}
      {v?.example === 'all' ? <Notice tone="warning">{t('stats.exampleNote')}</Notice> : null}
      {v?.marked === 'example' ? <Notice tone="warning">{t('map.exampleSome', { count: v.rows.filter((r) => r.example).length, total: v.withValue })}</Notice> : null}
      {v?.marked === 'imported' ? <Notice tone="warning">{t('map.exampleMostly', { count: v.rows.filter((r) => r.value !== null && !r.example).length, total: v.withValue })}</Notice> : null}
      <Form method="get" className="filter-bar">
        <label htmlFor="ar">{t('map.year')}</label>
        <select id="ar" name="ar" defaultValue={v?.year ?? d.years[0] ?? ''}>
          {d.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <label htmlFor="niva">{t('map.level')}</label>
        <select id="niva" name="niva" defaultValue={d.level}>
          <option value="kommun">{t('map.levelKommun')}</option>
          <option value="lan">{t('map.levelLan')}</option>
        </select>
        <button type="submit" className="button button--secondary">
          {t('stats.show')}
        </button>
      </Form>
      {d.unknownYear !== null || !v ? (
        <Notice tone="warning">
          {d.years.length
            ? t('map.unknownYear', { year: d.unknownYear ?? '', years: d.years.join(', ') })
            : t('map.noValues', { level: levelName })}
        </Notice>
      ) : (
        <>
          <p>{t('map.summary', { year: v.year, count: v.withValue, total: v.rows.length, level: levelName })}</p>
          <div className="map-layout">
            <ChoroplethMap
              id="indicator-map"
              title={t('map.title', { indicator: d.name, year: v.year, level: levelName })}
              width={v.width}
              height={v.height}
              areas={v.areas}
              legendTitle={t('map.legendTitle')}
              legend={v.legend}
              legendNote={v.legendNote}
            />
            <div className="map-table-wrap" role="region" aria-labelledby="map-table-caption" tabIndex={0}>
              <table className="table">
                <caption id="map-table-caption">{t('map.tableCaption', { indicator: d.name, year: v.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={ariaSort('namn')}>
                      <a href={sortLink('namn')}>
                        {t('map.colArea')}
                        <SortMark active={d.sort === 'namn'} descending={d.order === 'fallande'} />
                      </a>
                    </th>
                    <th scope="col" aria-sort={ariaSort('varde')} className="chart__num">
                      <a href={sortLink('varde')}>
                        {t('map.colValue')} ({t(`map.unit.${d.unit}` as 'map.unit.procent')})
                        <SortMark active={d.sort === 'varde'} descending={d.order === 'fallande'} />
                      </a>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {v.rows.map((r) => (
                    <tr key={r.code}>
                      <th scope="row">
                        <Link to={`/omraden/${r.code}`}>{r.name}</Link>
                        {v.marked === 'example' && r.example ? <span className="meta"> ({t('chart.exampleAll')})</span> : null}
                        {v.marked === 'imported' && r.value !== null && !r.example ? <span className="meta"> ({t('map.imported')})</span> : null}
                      </th>
                      <td className="chart__num">{r.formatted}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <section aria-labelledby="map-sources">
            <h2 id="map-sources">{t('map.sources')}</h2>
            <ul className="plain-list">
              {v.provenance.length === 0 ? <li>{t('map.valuesSource', { source: d.source })}</li> : null}
              {v.provenance.map((p) => (
                <li key={`${p.source}-${p.importedAt}`}>
                  {t('map.importSource', {
                    source: p.source,
                    file: p.fileName,
                    retrieved: p.retrievedAt ? formatDate(p.retrievedAt, d.locale) : '–',
                    imported: formatDate(p.importedAt, d.locale),
                  })}
                </li>
              ))}
              <li>{t('map.boundarySource')}</li>
            </ul>
          </section>
        </>
      )}
    </div>
  );
}

/** The sorted column's direction; aria-sort on the header says it to screen readers. */
function SortMark({ active, descending }: { active: boolean; descending: boolean }) {
  return active ? <span aria-hidden="true">{descending ? ' ▼' : ' ▲'}</span> : null;
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
