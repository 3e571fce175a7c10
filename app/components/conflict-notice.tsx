import type { FieldChange } from '../content/diff.ts';
import { useT } from '../i18n/use-t.ts';
import { DiffView } from './diff-view.tsx';
import { Notice } from './ui.tsx';

/** Shown above an edit form when someone else saved first: who, and what they changed. */
export function ConflictNotice({ conflict }: { conflict: { changedBy: string | null; changes: FieldChange[] } | null | undefined }) {
  const t = useT();
  if (!conflict) return null;
  return (
    <section className="panel panel--warning" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('error.version.conflict')}</h2>
      <Notice tone="warning">{t('initiative.conflict', { name: conflict.changedBy ?? t('initiative.conflictSomeone') })}</Notice>
      <p>{t('initiative.conflictChanged')}</p>
      <DiffView changes={conflict.changes} />
    </section>
  );
}
