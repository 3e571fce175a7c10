import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { SUCCESS_FACTORS } from '#app/vocabulary.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'help.title') : ''} – Samverka` }];

export function loader({ context }: LoaderFunctionArgs) {
  return { locale: context.locale };
}

/** The tips for a write-up, in the order the form asks for things. */
const WRITE_UP_TIPS: MessageKey[] = [
  'help.writeup.title.tip',
  'help.writeup.summary.tip',
  'help.writeup.plain.tip',
  'help.writeup.body.tip',
  'help.writeup.facts.tip',
  'help.writeup.factors.tip',
  'help.writeup.evaluation.tip',
  'help.writeup.publish.tip',
];

/**
 * Help: how to write a good write-up and a lesson learned, and what the five success factors mean (in our own
 * words, after the Swedish source text in design.md's reference folder).
 */
export default function Help() {
  const t = useT();
  return (
    <div className="container page prose-page">
      <h1>{t('help.title')}</h1>
      <p className="lead">{t('help.lead')}</p>
      <nav aria-labelledby="help-contents" className="page-contents">
        <h2 id="help-contents">{t('help.contents')}</h2>
        <ul>
          <li>
            <a href="#skriva-insats">{t('help.writeup.title')}</a>
          </li>
          <li>
            <a href="#skriva-lardom">{t('help.lesson.title')}</a>
          </li>
          <li>
            <a href="#framgangsfaktorer">{t('help.factors.title')}</a>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="skriva-insats">
        <h2 id="skriva-insats">{t('help.writeup.title')}</h2>
        <p>{t('help.writeup.intro')}</p>
        <ul className="tips">
          {WRITE_UP_TIPS.map((key) => (
            <li key={key}>
              <Tip text={t(key)} />
            </li>
          ))}
        </ul>
        <p>
          <Link to="/insatser/ny">{t('initiative.new.title')}</Link>
        </p>
      </section>
      <section aria-labelledby="skriva-lardom">
        <h2 id="skriva-lardom">{t('help.lesson.title')}</h2>
        <p>{t('help.lesson.body')}</p>
      </section>
      <section aria-labelledby="framgangsfaktorer">
        <h2 id="framgangsfaktorer">{t('help.factors.title')}</h2>
        <p>{t('help.factors.intro')}</p>
        {SUCCESS_FACTORS.map((factor) => (
          <section key={factor} aria-labelledby={`faktor-${factor}`}>
            <h3 id={`faktor-${factor}`}>{t(`factor.${factor}.name`)}</h3>
            <p>{t(`help.factor.${factor}`)}</p>
            <p className="help-ask">{t(`help.factor.${factor}.ask`)}</p>
          </section>
        ))}
        <p>
          <Link to="/statistik/framgangsfaktorer">{t('help.factors.statistics')}</Link>
        </p>
      </section>
      <section aria-labelledby="mer-hjalp">
        <h2 id="mer-hjalp">{t('help.more.title')}</h2>
        <p>
          {t('help.more.body')} <Link to="/kontakt">{t('contact.title')}</Link>
        </p>
      </section>
    </div>
  );
}
/** "Rubrik: säg vad …": the part before the first colon names the field, in bold. */
function Tip({ text }: { text: string }) {
  const at = text.indexOf(': ');
  if (at < 0) return <>{text}</>;
  return (
    <>
      <strong>{text.slice(0, at)}:</strong> {text.slice(at + 2)}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
