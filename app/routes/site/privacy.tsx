import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Notice } from '#app/components/ui.tsx';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'privacy.title') : ''} – Samverka` }];

export function loader({ request, context }: LoaderFunctionArgs) {
  // Where a deleted account lands: the page then also confirms the deletion.
  return { locale: context.locale, deleted: new URL(request.url).searchParams.has('raderat'), contactEmail: context.services.config.CONTACT_EMAIL };
}

/** Keep in step with what app/accounts/personal-data.server.ts keeps and erases. */
const KEPT: MessageKey[] = [
  'privacy.what.account',
  'privacy.what.sessions',
  'privacy.what.memberships',
  'privacy.what.content',
  'privacy.what.comments',
  'privacy.what.follows',
  'privacy.what.notifications',
  'privacy.what.mail',
  'privacy.what.audit',
  'privacy.what.throttle',
  'privacy.what.exports',
  'privacy.what.apiTokens',
  'privacy.what.apiRate',
  'privacy.what.sso',
  'privacy.what.uploads',
  'privacy.what.search',
  'privacy.what.cookies',
];

export default function Privacy() {
  const { deleted, contactEmail } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      {deleted ? <Notice tone="success">{t('personalData.deleted')}</Notice> : null}
      <h1>{t('privacy.title')}</h1>
      <p className="lead">{t('privacy.lead')}</p>
      <section aria-labelledby="privacy-what">
        <h2 id="privacy-what">{t('privacy.what.title')}</h2>
        <ul>
          {KEPT.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacy.rights.title')}</h2>
        <p>{t('privacy.rights.body')}</p>
        <p>
          <Link to="/konto/personuppgifter">{t('privacy.rights.link')}</Link>
        </p>
        <p>
          {t('privacy.contact')} <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
        </p>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
