import { Form, Link } from '@remix-run/react';
import type { FieldChange } from '../content/diff.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useT } from '../i18n/use-t.ts';
import { DiffView } from './diff-view.tsx';

interface HistoryData {
  title: string;
  backTo: string;
  currentVersion: number;
  revisions: { version: number; action: string; createdAt: string; authorName: string | null }[];
  from: number;
  to: number;
  changes: FieldChange[];
}

/** A version history page: compare any two versions, restore an old one. */
export function HistoryView({ d }: { d: HistoryData }) {
  const t = useT();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  const versionSelect = (id: string, label: string, value: number) => (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value}>
        {d.revisions.map((r) => (
          <option key={r.version} value={r.version}>
            {r.version}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <div className="container page">
      <p>
        <Link to={d.backTo}>← {d.title}</Link>
      </p>
      <h1>{t('history.title', { title: d.title })}</h1>
      <Form method="get" className="filter-bar">
        {versionSelect('fran', t('history.from'), d.from)}
        {versionSelect('till', t('history.to'), d.to)}
        <button type="submit" className="button button--secondary">
          {t('history.compare')}
        </button>
      </Form>
      <section aria-labelledby="diff-title" className="panel">
        <h2 id="diff-title">
          {t('history.version', { version: d.from })} → {t('history.version', { version: d.to })}
        </h2>
        <DiffView changes={d.changes} />
      </section>
      <ol className="history" reversed>
        {d.revisions.map((r) => (
          <li key={r.version} className="row">
            <span>
              <strong>{t('history.version', { version: r.version })}</strong> –{' '}
              {t('history.by', { action: t(`history.action.${r.action as 'edit'}`), name: r.authorName ?? t('group.formerUser'), date: fmt(r.createdAt) })}
            </span>
            {r.version !== d.currentVersion ? (
              <Form method="post">
                <input type="hidden" name="version" value={d.currentVersion} />
                <button type="submit" name="restore" value={r.version} className="button button--small button--secondary">
                  {t('history.restore')}
                  <span className="visually-hidden"> ({t('history.version', { version: r.version })})</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
