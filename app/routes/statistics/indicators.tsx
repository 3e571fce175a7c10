import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { indicatorCoverage, listImports, listIndicators } from '#db/queries/indicators.server.ts';
import { listAreaGroups } from '#db/queries/areas.server.ts';
import { AreaOptions } from '#app/components/area-options.tsx';
import { Notice, PageHeading, ScrollingTable } from '#app/components/ui.tsx';
import { translate } from '#app/i18n/index.ts';
import { formatNumber } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canImportIndicators } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'stats.title') : ''} – Samverka` }];

/** The indicator catalogue, the latest imports, and a way to an area's page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const area = new URL(request.url).searchParams.get('omrade');
  if (area && /^(\d{2}|\d{4})$/.test(area)) throw redirect(`/omraden/${area}`);
  const { db } = context.services;
  const [indicators, imports, areaGroups, coverage] = await Promise.all([listIndicators(db), listImports(db, 10), listAreaGroups(db), indicatorCoverage(db)]);
  return {
    locale: context.locale,
    indicators: indicators.map((i) => ({ ...i, coverage: coverage.get(i.code) ?? null })),
    anyExample: indicators.some((i) => i.isExample),
    imports: imports.map((i) => ({ id: i.id, source: i.source, rows: i.rowCount, changed: i.changedCount, createdAt: i.createdAt.toISOString() })),
    areaGroups,
    canImport: canImportIndicators(await context.actor()),
  };
}

export default function Statistics() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <PageHeading title={t('stats.title')} lead={t('stats.lead')} action={d.canImport ? { to: '/statistik/import', label: t('stats.import') } : null} />
      {d.anyExample ? <Notice tone="warning">{t('stats.exampleNote')}</Notice> : null}
      <p>
        <Link to="/ogonblicksbilder">{t('snapshot.list.title')}</Link> – {t('stats.snapshotsLead')}
      </p>
      <p>
        <Link to="/statistik/framgangsfaktorer">{t('insight.statsLink')}</Link> – {t('insight.statsLinkLead')}
      </p>
      <Form method="get" className="filter-bar">
        <label htmlFor="omrade">{t('stats.findArea')}</label>
        <select id="omrade" name="omrade" defaultValue="">
          <option value="">–</option>
          <AreaOptions groups={d.areaGroups} />
        </select>
        <button type="submit" className="button button--secondary">
          {t('stats.show')}
        </button>
      </Form>
      <ScrollingTable labelledBy="indicator-catalogue-caption">
        <table className="table">
          <caption id="indicator-catalogue-caption" className="visually-hidden">{t('stats.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.indicator')}</th>
              <th scope="col">{t('stats.unit')}</th>
              <th scope="col">{t('stats.direction')}</th>
              <th scope="col">{t('stats.source')}</th>
              <th scope="col">{t('stats.years')}</th>
              <th scope="col" className="numeric">
                {t('stats.areasCovered')}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.indicators.map((i) => (
              <tr key={i.code}>
                <td>
                  <strong>
                    <Link to={`/statistik/${i.code}`}>{t.locale === 'sv' ? i.nameSv : i.nameEn}</Link>
                  </strong> <code className="meta">{i.code}</code>
                  <br />
                  <span className="meta">{t.locale === 'sv' ? i.descriptionSv : i.descriptionEn}</span>
                </td>
                <td>{i.unit}</td>
                <td>{i.higherIsBetter ? t('stats.higher') : t('stats.lower')}</td>
                <td>{i.source}</td>
                <td>{i.coverage ? (i.coverage.from === i.coverage.to ? i.coverage.from : `${i.coverage.from}–${i.coverage.to}`) : t('stats.noValues')}</td>
                <td className="numeric">{i.coverage ? formatNumber(i.coverage.areas, t.locale) : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
      <section aria-labelledby="imports">
        <h2 id="imports">{t('stats.imports')}</h2>
        {d.imports.length === 0 ? <p>{t('stats.noImports')}</p> : null}
        <ul className="plain-list">
          {d.imports.map((i) => (
            <li key={i.id}>{t('stats.importedBy', { rows: i.rows, changed: i.changed, source: i.source, date: i.createdAt.slice(0, 10) })}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
