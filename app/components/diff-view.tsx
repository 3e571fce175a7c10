import type { FieldChange } from '../content/diff.ts';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/index.ts';

/** Field labels for diffs: the form's own labels where the field has one. */
const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'initiative.field.title',
  summary: 'initiative.field.summary',
  plainSummary: 'content.field.plainSummary',
  body: 'initiative.field.body',
  status: 'initiative.field.status',
  startDate: 'initiative.field.startDate',
  endDate: 'initiative.field.endDate',
  themes: 'initiative.field.themes',
  targetGroups: 'initiative.field.targetGroups',
  successFactors: 'initiative.field.successFactors',
  areaCodes: 'initiative.field.areas',
  partnerIds: 'initiative.field.partners',
  inspiredByIds: 'initiative.inspiredBy',
  fundingSource: 'initiative.field.fundingSource',
  fundingAmountSek: 'initiative.field.fundingAmount',
  evaluationMethod: 'initiative.field.evaluationMethod',
  evaluatedBy: 'initiative.field.evaluatedBy',
  evaluationSummary: 'initiative.field.evaluationSummary',
  evaluationUrl: 'initiative.field.evaluationUrl',
  contactName: 'initiative.field.contactName',
  contactEmail: 'initiative.field.contactEmail',
  state: 'content.state',
  visibility: 'content.visibility',
  initiativeId: 'lesson.field.initiative',
  whatWorked: 'lesson.field.whatWorked',
  whatDidNot: 'lesson.field.whatDidNot',
  recommendations: 'lesson.field.recommendations',
};

export function DiffView({ changes }: { changes: FieldChange[] }) {
  const t = useT();
  if (changes.length === 0) return <p>{t('history.noChanges')}</p>;
  return (
    <dl className="diff">
      {changes.map((c) => (
        <div key={c.field} className="diff__field">
          <dt>{FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field]!) : c.field}</dt>
          <dd>
            {c.lines ? (
              <ul className="diff__lines">
                {c.lines.map((l, n) =>
                  l.type === 'same' ? (
                    <li key={n}>{l.text || '\u00a0'}</li>
                  ) : l.type === 'added' ? (
                    <li key={n}>
                      <ins>
                        <span className="visually-hidden">{t('history.added')} </span>
                        {l.text || '\u00a0'}
                      </ins>
                    </li>
                  ) : (
                    <li key={n}>
                      <del>
                        <span className="visually-hidden">{t('history.removed')} </span>
                        {l.text || '\u00a0'}
                      </del>
                    </li>
                  ),
                )}
              </ul>
            ) : (
              <p>
                {c.before ? <del>{c.before}</del> : null} {c.after ? <ins>{c.after}</ins> : null}
              </p>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
