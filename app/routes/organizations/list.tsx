import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listOrganizations } from '#db/queries/organizations.server.ts';
import { SECTORS, type Sector } from '#app/vocabulary.ts';
import { Badge, PageHeading } from '#app/components/ui.tsx';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'org.list.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sectorParam = new URL(request.url).searchParams.get('sektor');
  const sector = SECTORS.includes(sectorParam as Sector) ? (sectorParam as Sector) : undefined;
  const organizations = await listOrganizations(context.services.db, { sector });
  return { locale: context.locale, organizations, sector: sector ?? '', signedIn: context.auth !== null };
}

export default function Organizations() {
  const { organizations, sector, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <PageHeading title={t('org.list.title')} lead={t('org.list.lead')} action={signedIn ? { to: '/organisationer/ny', label: t('org.list.create') } : null} />
      <Form method="get" className="filter-bar">
        <label htmlFor="sektor">{t('org.list.filterSector')}</label>
        <select id="sektor" name="sektor" defaultValue={sector}>
          <option value="">{t('org.list.allSectors')}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`sector.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t('org.list.filter')}
        </button>
      </Form>
      {organizations.length === 0 ? <p>{t('org.list.empty')}</p> : null}
      <ul className="card-list">
        {organizations.map((o) => (
          <li key={o.id} className="card">
            <Link to={`/organisationer/${o.slug}`}>{o.name}</Link>
            <p className="meta">
              {t(`sector.${o.sector}`)}
              {o.municipalityName ? ` · ${o.municipalityName}` : ''} · {t('org.memberCount', { count: o.memberCount })}{' '}
              {o.verified ? <Badge tone="success">{t('org.verified')}</Badge> : <Badge tone="warning">{t('org.unverified')}</Badge>}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
