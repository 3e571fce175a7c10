import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'a11y.title') : ''} – Samverka` }];

export function loader({ context }: LoaderFunctionArgs) {
  return { locale: context.locale, contactEmail: context.services.config.CONTACT_EMAIL };
}

const WORKS: MessageKey[] = ['a11y.works.keyboard', 'a11y.works.zoom', 'a11y.works.screenreader', 'a11y.works.charts', 'a11y.works.plain'];

/** Keep in step with what is known: remove a line when its shortcoming is fixed, add one when a new one is found. */
const GAPS: MessageKey[] = ['a11y.gaps.attachments', 'a11y.gaps.content', 'a11y.gaps.noScript', 'a11y.gaps.editor', 'a11y.gaps.shortcuts', 'a11y.gaps.maps', 'a11y.gaps.charts'];

/** Digg's form for reporting a public body's digital accessibility shortcoming. */
const DIGG_REPORT_URL = 'https://www.digg.se/tdosanmalan';

/**
 * The accessibility statement Swedish public bodies publish under the DOS act (lagen om tillgänglighet till digital
 * offentlig service), after Digg's model: compliance status, known shortcomings, how to report one, and Digg as
 * the supervisory body.
 */
export default function AccessibilityStatement() {
  const { contactEmail } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page prose-page">
      <h1>{t('a11y.title')}</h1>
      <p className="lead">{t('a11y.lead')}</p>
      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{t('a11y.status.title')}</h2>
        <p>{t('a11y.status.body')}</p>
      </section>
      <section aria-labelledby="a11y-works">
        <h2 id="a11y-works">{t('a11y.works.title')}</h2>
        <ul>
          {WORKS.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a11y-gaps">
        <h2 id="a11y-gaps">{t('a11y.gaps.title')}</h2>
        <ul>
          {GAPS.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a11y-report">
        <h2 id="a11y-report">{t('a11y.report.title')}</h2>
        <p>{t('a11y.report.body')}</p>
        <p>
          <a href={`mailto:${contactEmail}?subject=${encodeURIComponent(t('a11y.title'))}`} className="contact-address">
            {contactEmail}
          </a>
        </p>
        <p>{t('a11y.report.answer')}</p>
      </section>
      <section aria-labelledby="a11y-supervision">
        <h2 id="a11y-supervision">{t('a11y.supervision.title')}</h2>
        <p>{t('a11y.supervision.body')}</p>
        <p>
          <a href={DIGG_REPORT_URL} rel="noopener noreferrer">
            {t('a11y.supervision.link')}
          </a>
        </p>
      </section>
      <section aria-labelledby="a11y-testing">
        <h2 id="a11y-testing">{t('a11y.testing.title')}</h2>
        <p>{t('a11y.testing.body')}</p>
        <p className="meta">{t('a11y.updated')}</p>
      </section>
      <p>
        <Link to="/kontakt">{t('contact.title')}</Link> · <Link to="/integritet">{t('footer.privacy')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
