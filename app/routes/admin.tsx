import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listUnverifiedOrganizations } from '#db/queries/organizations.ts';
import { assertAllowed, requireUser } from '../context.server.ts';
import { translate } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { canAdministerPlatform } from '../policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'admin.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  assertAllowed(canAdministerPlatform(await context.actor()));
  const pending = await listUnverifiedOrganizations(context.services.db);
  return { locale: context.locale, pending: pending.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })) };
}

export default function Admin() {
  const { pending } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('admin.title')}</h1>
      <section aria-labelledby="pending">
        <h2 id="pending">{t('admin.organizations')}</h2>
        {pending.length === 0 ? <p>{t('admin.none')}</p> : null}
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('org.field.name')}</th>
              <th scope="col">{t('org.field.sector')}</th>
              <th scope="col">{t('org.field.orgNumber')}</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/organisationer/${o.slug}`}>{o.name}</Link>
                </td>
                <td>{t(`sector.${o.sector}`)}</td>
                <td>{o.orgNumber}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <Link to="/organisationer">{t('admin.allOrganizations')}</Link>
        </p>
      </section>
    </div>
  );
}
