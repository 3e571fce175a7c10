import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'contact.title') : ''} – Samverka` }];

export function loader({ context }: LoaderFunctionArgs) {
  return { locale: context.locale, contactEmail: context.services.config.CONTACT_EMAIL };
}

/** Contact: the address this installation answers at (CONTACT_EMAIL), and where other questions go. */
export default function Contact() {
  const { contactEmail } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page prose-page">
      <h1>{t('contact.title')}</h1>
      <p className="lead">{t('contact.lead')}</p>
      <dl className="facts">
        <div>
          <dt>{t('contact.email')}</dt>
          <dd>
            <a href={`mailto:${contactEmail}`} className="contact-address">
              {contactEmail}
            </a>
          </dd>
        </div>
      </dl>
      <section aria-labelledby="contact-content">
        <h2 id="contact-content">{t('contact.content.title')}</h2>
        <p>{t('contact.content.body')}</p>
      </section>
      <section aria-labelledby="contact-more">
        <h2 id="contact-more">{t('contact.more.title')}</h2>
        <ul>
          <li>
            <Link to="/hjalp">{t('footer.help')}</Link>
          </li>
          <li>
            <Link to="/tillganglighet">{t('a11y.title')}</Link>
          </li>
          <li>
            <Link to="/integritet">{t('footer.privacy')}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
