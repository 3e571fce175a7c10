import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listPublishedInitiatives } from '#db/queries/initiatives.server.ts';
import { countOrganizations, listVerifiedOrganizations } from '#db/queries/organizations.server.ts';
import { findArea, listMunicipalities } from '#db/queries/areas.server.ts';
import { Badge, Notice } from '#app/components/ui.tsx';
import { SUCCESS_FACTORS, VISIBILITIES } from '#app/vocabulary.ts';
import { canReadVisibility } from '#app/policy.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Samverka – ${data ? translate(data.locale, 'app.tagline') : ''}` },
  { name: 'description', content: data ? translate(data.locale, 'home.lead') : '' },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { db, search } = context.services;
  const actor = await context.actor();
  // Counts, kommuner and organisations from the in-memory catalogues: the newest initiatives are the one round trip.
  const [counts, municipalities, organizations, latest] = await Promise.all([
    countOrganizations(db),
    listMunicipalities(db),
    listVerifiedOrganizations(db),
    listPublishedInitiatives(db, { visibilities: VISIBILITIES.filter((v) => canReadVisibility(actor, v)), sort: 'newest', limit: 3 }),
  ]);
  return {
    locale: context.locale,
    counts: { ...counts, municipalities: municipalities.length },
    organizations: await Promise.all(
      organizations.slice(0, 6).map(async (o) => ({ id: o.id, slug: o.slug, name: o.name, sector: o.sector, municipalityName: o.municipalityCode ? ((await findArea(db, o.municipalityCode))?.name ?? null) : null })),
    ),
    latest: latest.rows.map((r) => ({ slug: r.slug, title: r.title, summary: r.summary, organizationName: r.organizationName, areaNames: r.areaNames })),
    searchAvailable: search.available,
    signedIn: context.auth !== null,
  };
}

export default function Home() {
  const { counts, organizations, searchAvailable, signedIn, latest } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>{t('home.title')}</h1>
          <p className="lead">{t('home.lead')}</p>
          <p className="actions">
            {signedIn ? null : (
              <Link className="button" to="/registrera">
                {t('home.ctaSignUp')}
              </Link>
            )}
            <Link className="button button--secondary" to="/organisationer">
              {t('home.ctaOrganizations')}
            </Link>
          </p>
        </div>
      </section>
      <div className="container page">
        {searchAvailable ? null : <Notice tone="warning">{t('home.searchUnavailable')}</Notice>}
        {latest.length > 0 ? (
          <section aria-labelledby="latest-title">
            <h2 id="latest-title">{t('home.latest')}</h2>
            <ul className="card-list">
              {latest.map((i) => (
                <li key={i.slug} className="card">
                  <Link to={`/insatser/${i.slug}`}>{i.title}</Link>
                  <p className="meta">
                    {i.organizationName}
                    {i.areaNames.length ? ` · ${i.areaNames.join(', ')}` : ''}
                  </p>
                  <p>{i.summary}</p>
                </li>
              ))}
            </ul>
            <p>
              <Link to="/insatser">{t('home.allInitiatives')}</Link>
            </p>
          </section>
        ) : null}
        <section aria-labelledby="factors-title">
          <h2 id="factors-title">{t('home.factorsTitle')}</h2>
          <p>{t('home.factorsLead')}</p>
          <ul className="factor-grid">
            {SUCCESS_FACTORS.map((f) => (
              <li key={f} className={`factor factor--${f}`}>
                <h3>{t(`factor.${f}.name`)}</h3>
                <p>{t(`factor.${f}.text`)}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="stats-title" className="stats">
          <h2 id="stats-title" className="visually-hidden">
            {t('home.statsTitle')}
          </h2>
          <dl>
            <div>
              <dt>{t('home.statsOrganizations')}</dt>
              <dd>{counts.total}</dd>
            </div>
            <div>
              <dt>{t('home.statsVerified')}</dt>
              <dd>{counts.verified}</dd>
            </div>
            <div>
              <dt>{t('home.statsMunicipalities')}</dt>
              <dd>{counts.municipalities}</dd>
            </div>
          </dl>
        </section>
        {organizations.length > 0 ? (
          <section aria-labelledby="orgs-title">
            <h2 id="orgs-title">{t('nav.organizations')}</h2>
            <ul className="card-list">
              {organizations.map((o) => (
                <li key={o.id} className="card">
                  <Link to={`/organisationer/${o.slug}`}>{o.name}</Link>
                  <p className="meta">
                    {t(`sector.${o.sector}`)}
                    {o.municipalityName ? ` · ${o.municipalityName}` : ''} <Badge tone="success">{t('org.verified')}</Badge>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
