import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';

/** The query parameter that shows a write-up's plain-language summary ("lättläst"). */
export const PLAIN_LANGUAGE_PARAM = 'lattlast';

/** Whether this request asks for the plain-language summary. */
export const wantsPlainLanguage = (url: URL) => url.searchParams.get(PLAIN_LANGUAGE_PARAM) === '1';

/**
 * A write-up's summary with its plain-language version one visible switch away. The switch is two plain
 * links (`?lattlast=1` and back), so it works without JavaScript and every state has its own address; a page
 * without a plain-language summary shows the ordinary summary and no switch.
 */
export function SummaryWithPlainLanguage({ path, summary, plainSummary, plain }: { path: string; summary: string; plainSummary: string; plain: boolean }) {
  const t = useT();
  if (!plainSummary) return <p className="lead">{summary}</p>;
  return (
    <>
      <nav className="plain-switch" aria-label={t('plain.switchLabel')}>
        <Link to={path} preventScrollReset aria-current={plain ? undefined : 'true'} className="plain-switch__option">
          {t('plain.standard')}
        </Link>
        <Link to={`${path}?${PLAIN_LANGUAGE_PARAM}=1`} preventScrollReset aria-current={plain ? 'true' : undefined} className="plain-switch__option">
          {t('plain.plain')}
        </Link>
      </nav>
      {plain ? (
        <section className="plain-summary" aria-labelledby="plain-summary-title">
          <h2 id="plain-summary-title">{t('content.field.plainSummary')}</h2>
          <p>{plainSummary}</p>
        </section>
      ) : (
        <p className="lead">{summary}</p>
      )}
    </>
  );
}
