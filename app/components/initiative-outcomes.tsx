/**
 * Below an initiative's text: how it was evaluated, and the lessons learned written about it (with
 * "Skriv en lärdom" for those who may write one). Loaded after the page (lazy-part.tsx).
 */
import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { Fact } from './content-facts.tsx';

export interface InitiativeOutcomesProps {
  initiative: { id: string; evaluationMethod: string | null; evaluatedBy: string | null; evaluationSummary: string | null; evaluationUrl: string | null };
  lessons: { slug: string; title: string }[];
  canWriteLesson: boolean;
}

export function InitiativeOutcomes({ initiative: i, lessons, canWriteLesson }: InitiativeOutcomesProps) {
  const t = useT();
  return (
    <>
    {i.evaluationMethod || i.evaluatedBy || i.evaluationSummary || i.evaluationUrl ? (
      <section aria-labelledby="evaluation">
        <h2 id="evaluation">{t('initiative.field.evaluation')}</h2>
        <dl className="facts">
          {i.evaluationMethod ? <Fact label={t('initiative.field.evaluationMethod')}>{i.evaluationMethod}</Fact> : null}
          {i.evaluatedBy ? <Fact label={t('initiative.field.evaluatedBy')}>{i.evaluatedBy}</Fact> : null}
        </dl>
        {i.evaluationSummary ? <p>{i.evaluationSummary}</p> : null}
        {i.evaluationUrl ? (
          <p>
            <a href={i.evaluationUrl} rel="noopener noreferrer nofollow">
              {t('initiative.field.evaluationUrl')}
            </a>
          </p>
        ) : null}
      </section>
    ) : null}
    {lessons.length > 0 || canWriteLesson ? (
      <section aria-labelledby="lessons">
        <h2 id="lessons">{t('initiative.lessons')}</h2>
        {lessons.length > 0 ? (
          <ul>
            {lessons.map((l) => (
              <li key={l.slug}>
                <Link to={`/lardomar/${l.slug}`}>{l.title}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('initiative.noLessonsYet')}</p>
        )}
        {canWriteLesson ? (
          <p>
            <Link to={`/lardomar/ny?insats=${i.id}`} className="button button--secondary">
              {t('initiative.writeLesson')}
            </Link>
          </p>
        ) : null}
      </section>
    ) : null}
    </>
  );
}
