/** The files attached to an initiative: for readers a list, for its editors also remove and upload (plain forms, work without JavaScript). */
import { Form } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';

const formatSize = (bytes: number) => (bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

export function InitiativeAttachments({ slug, attachments, canAttach }: { slug: string; attachments: { id: string; filename: string; size: number; kind: string }[]; canAttach: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">{t('initiative.attachments')}</h2>
      <ul className="plain-list">
        {attachments.map((a) => (
          <li key={a.id} className="row">
            <a href={`/insatser/${slug}/bilagor/${a.id}`}>{a.filename}</a>
            <span className="meta">
              {a.kind.toUpperCase()}, {formatSize(a.size)}
            </span>
            {canAttach ? (
              <Form method="post" action={`/insatser/${slug}/bilagor/${a.id}`}>
                <button type="submit" name="intent" value="remove" className="button button--small button--secondary">
                  {t('initiative.removeAttachment')}
                  <span className="visually-hidden"> {a.filename}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canAttach ? (
        <Form method="post" action={`/insatser/${slug}/bilagor`} encType="multipart/form-data" className="inline-form">
          <label htmlFor="attachment-file">{t('initiative.attach')}</label>
          <input id="attachment-file" type="file" name="file" accept=".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg" aria-describedby="attachment-hint" />
          <span id="attachment-hint" className="field__hint">
            {t('initiative.attachHint')}
          </span>
          <button type="submit" className="button button--small">
            {t('initiative.attachSubmit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
