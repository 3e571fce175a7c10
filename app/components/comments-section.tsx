import { Form, Link, useLocation } from '@remix-run/react';
import type { SerializeFrom } from '@remix-run/node';
import type { CommentSection, ReportNotice } from '#app/comments/comments.server.ts';
import type { FieldError, FieldErrors } from '#app/forms/validation.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { FieldFrame, fieldDescribedBy, Notice } from './ui.tsx';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g;

/** Plain text with its web addresses as links; line breaks are kept by CSS (white-space: pre-line). */
function TextWithLinks({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} rel="nofollow ugc noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function TextBox({ id, name, label, hint, error, defaultValue, maxLength, rows = 4 }: { id: string; name: string; label: string; hint?: string; error?: FieldError; defaultValue?: string; maxLength: number; rows?: number }) {
  const t = useT();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error ? t(error.key, error.params) : undefined}>
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue} maxLength={maxLength} aria-describedby={fieldDescribedBy(id, !!hint, !!error)} aria-invalid={error ? true : undefined} />
    </FieldFrame>
  );
}

/** "Frågor och kommentarer" under a published item: the comments, and a form to write one (plain POST, works without JavaScript). */
export function CommentsSection({ section, errors, report }: { section: SerializeFrom<CommentSection>; errors?: FieldErrors; report?: { report?: ReportNotice; reportedCommentId?: string } }) {
  const t = useT();
  const location = useLocation();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  return (
    <section aria-labelledby="comments-title" className="comments" id="kommentarer">
      <h2 id="comments-title">{t('comments.title')}</h2>
      <p>{t('comments.lead')}</p>
      {report?.report ? (
        <Notice tone={report.report === 'reported' ? 'success' : 'info'}>
          <p>{t(`comments.reportNotice.${report.report}`)}</p>
        </Notice>
      ) : null}
      {section.comments.length === 0 ? (
        <p>{t('comments.empty')}</p>
      ) : (
        <ol className="comment-list" aria-label={t('comments.listLabel')}>
          {section.comments.map((c) => (
            <li key={c.id} id={`kommentar-${c.id}`} className={c.hidden ? 'comment comment--hidden' : 'comment'}>
              <p className="meta">
                {t('comments.by', { name: c.authorName ?? t('comments.unknownAuthor'), date: fmt(c.createdAt) })} {c.edited ? t('comments.edited') : null}
              </p>
              {/* Only those who may bring it back see a hidden comment: its editors and platform admins. */}
              {c.hidden ? <p className="comment__hidden-note">{t('comments.hiddenNote', { reason: c.hidden.reason })}</p> : null}
              <p className="comment__body">
                <TextWithLinks text={c.body} />
              </p>
              {c.can.edit || c.can.delete || c.can.hide || c.can.restore || c.can.report ? (
                <div className="comment__actions">
                  {c.can.edit ? (
                    <details open={Boolean(errors?.[`commentBody-${c.id}`])}>
                      <summary>{t('comments.edit')}</summary>
                      <Form method="post" action={`${location.pathname}#kommentar-${c.id}`}>
                        <input type="hidden" name="commentId" value={c.id} />
                        <TextBox id={`field-commentBody-${c.id}`} name="commentBody" label={t('comments.editField')} defaultValue={c.body} maxLength={section.maxLength} error={errors?.[`commentBody-${c.id}`]} />
                        <button type="submit" name="intent" value="comment-edit" className="button button--small">
                          {t('comments.save')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                  {c.can.delete ? (
                    <Form method="post" action={`${location.pathname}#kommentarer`}>
                      <input type="hidden" name="commentId" value={c.id} />
                      <button type="submit" name="intent" value="comment-delete" className="button button--small button--danger">
                        {t('comments.delete')}
                      </button>
                    </Form>
                  ) : null}
                  {c.can.hide ? (
                    <details open={Boolean(errors?.[`hideReason-${c.id}`])}>
                      <summary>{t('comments.hide')}</summary>
                      <Form method="post" action={`${location.pathname}#kommentarer`}>
                        <input type="hidden" name="commentId" value={c.id} />
                        <TextBox id={`field-hideReason-${c.id}`} name="hideReason" label={t('comments.hideReason')} maxLength={500} rows={2} error={errors?.[`hideReason-${c.id}`]} />
                        <button type="submit" name="intent" value="comment-hide" className="button button--small button--danger">
                          {t('comments.hideSubmit')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                  {c.can.restore ? (
                    <details open={Boolean(errors?.[`restoreReason-${c.id}`])}>
                      <summary>{t('comments.restore')}</summary>
                      <Form method="post" action={`${location.pathname}#kommentar-${c.id}`}>
                        <input type="hidden" name="commentId" value={c.id} />
                        <TextBox id={`field-restoreReason-${c.id}`} name="restoreReason" label={t('comments.restoreReason')} maxLength={500} rows={2} error={errors?.[`restoreReason-${c.id}`]} />
                        <button type="submit" name="intent" value="comment-restore" className="button button--small">
                          {t('comments.restoreSubmit')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                  {c.can.report ? (
                    <details open={Boolean(errors?.[`reportReason-${c.id}`])}>
                      <summary>{t('comments.report')}</summary>
                      <Form method="post" action={`${location.pathname}#kommentarer`}>
                        <input type="hidden" name="commentId" value={c.id} />
                        <TextBox id={`field-reportReason-${c.id}`} name="reportReason" label={t('comments.reportReason')} maxLength={500} rows={2} error={errors?.[`reportReason-${c.id}`]} />
                        <button type="submit" name="intent" value="comment-report" className="button button--small button--secondary">
                          {t('comments.reportSubmit')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {section.refusal === null ? (
        // Keyed by the number of comments: once a question is saved the form starts empty again (it is not re-sent by mistake).
        <Form key={section.comments.length} method="post" action={`${location.pathname}#kommentarer`} className="form comment-form">
          <TextBox
            id="field-commentBody"
            name="commentBody"
            label={t('comments.field.body')}
            hint={`${t('comments.field.hint', { max: String(section.maxLength) })} ${t('comments.mentionHint')}`}
            maxLength={section.maxLength}
            error={errors?.commentBody}
          />
          <button type="submit" name="intent" value="comment-add" className="button">
            {t('comments.submit')}
          </button>
        </Form>
      ) : section.refusal === 'signedOut' ? (
        <p>
          <Link to={`/logga-in?redirectTo=${encodeURIComponent(`${location.pathname}#kommentarer`)}`}>{t('comments.signIn')}</Link>
        </p>
      ) : (
        <>
          {errors?.commentBody ? (
            <p className="field__error" role="alert">
              {t(errors.commentBody.key, errors.commentBody.params)}
            </p>
          ) : null}
          <p className="meta">{t(`comments.refusal.${section.refusal}`)}</p>
        </>
      )}
    </section>
  );
}
