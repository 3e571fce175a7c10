import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { translate } from '#app/i18n/index.ts';
import { formatDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { LICENCE } from '#app/open-data/datasets.server.ts';
import { buildCatalogue } from '#app/open-data/dcat.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? translate(data.locale, 'openData.title') : ''} – Samverka` },
  { tagName: 'link', rel: 'alternate', type: 'text/turtle', href: '/oppna-data/katalog.ttl' },
  { tagName: 'link', rel: 'alternate', type: 'application/ld+json', href: '/oppna-data/katalog.jsonld' },
];

/**
 * /oppna-data: the DCAT-AP-SE catalogue for people (where /oppna-data/katalog sends a browser): each dataset in
 * the reader's language with its latest change, its files and API, and what its columns mean.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const { services, locale } = context;
  const c = await buildCatalogue(services.db, services.config);
  return {
    locale,
    catalogueUrl: c.iri,
    licence: LICENCE,
    contact: c.contact,
    datasets: c.datasets.map((d) => ({
      id: d.path.replace(/[^\w-]/g, '-'),
      title: d.title[locale],
      description: d.description[locale],
      modified: d.modified?.toISOString() ?? null,
      files: d.distributions.map((x) => ({ kind: x.kind, url: x.accessUrl, describedBy: x.describedBy })),
      columns: d.columns.map((col) => ({ name: col.csv, meaning: col.meaning[locale] })),
    })),
  };
}

export default function OpenData() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page prose-page">
      <h1>{t('openData.title')}</h1>
      <p className="lead">{t('openData.lead')}</p>
      <p>
        {t('openData.licence')}: <a href={d.licence.uri}>{d.licence.name}</a>. {t('openData.licence.credit')}
      </p>

      <section aria-labelledby="open-data-catalogue">
        <h2 id="open-data-catalogue">{t('openData.catalogue.title')}</h2>
        <p>{t('openData.catalogue.body')}</p>
        <p>
          {t('openData.catalogue.address')}: <code style={{ overflowWrap: 'anywhere' }}>{d.catalogueUrl}</code> · <a href="/oppna-data/katalog.ttl">Turtle</a> · <a href="/oppna-data/katalog.jsonld">JSON-LD</a> ·{' '}
          <Link to="/api">{t('api.title')}</Link>
        </p>
        <p>{t('openData.contact', { name: d.contact.name, email: d.contact.email })}</p>
      </section>

      <section aria-labelledby="open-data-datasets">
        <h2 id="open-data-datasets">{t('openData.datasets.title')}</h2>
        {d.datasets.length === 0 ? <p>{t('openData.datasets.empty')}</p> : null}
        {d.datasets.map((ds) => (
          <article key={ds.id} id={ds.id} aria-labelledby={`${ds.id}-title`} className="open-dataset">
            <h3 id={`${ds.id}-title`}>{ds.title}</h3>
            <p>{ds.description}</p>
            <p className="meta">{ds.modified ? t('openData.dataset.modified', { date: formatDate(ds.modified, t.locale) }) : t('openData.dataset.neverModified')}</p>
            <p>
              {t('openData.dataset.files')}:{' '}
              {ds.files.map((f, i) => (
                <span key={f.kind}>
                  {i > 0 ? ' · ' : null}
                  <a href={f.url}>{f.kind === 'api' ? t('openData.dataset.api') : f.kind.toUpperCase()}</a>
                  {f.describedBy ? (
                    <>
                      {' '}
                      (<a href={f.describedBy}>{t('openData.dataset.csvMetadata')}</a>)
                    </>
                  ) : null}
                </span>
              ))}
            </p>
            <details>
              <summary>{t('openData.dataset.columns')}</summary>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={`${t('openData.dataset.columns')}: ${ds.title}`}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('openData.dataset.column')}</th>
                      <th scope="col">{t('openData.dataset.meaning')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ds.columns.map((c) => (
                      <tr key={c.name}>
                        <td>
                          <code>{c.name}</code>
                        </td>
                        <td>{c.meaning}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </article>
        ))}
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
