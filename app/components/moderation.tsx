import { Form, Link } from '@remix-run/react';
import type { ReportNotice } from '#app/comments/comments.server.ts';
import type { QueueEntry } from '#app/moderation/posts-and-write-ups.server.ts';
import type { FieldErrors } from '#app/forms/validation.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { TextBox } from './comments-section.tsx';
import { Notice } from './ui.tsx';

/** The longest report reason the server takes (REPORT_REASON_MAX_LENGTH). */
const REPORT_REASON_MAX = 500;

/**
 * "Anmäl" under a group post or on a write-up's page: a disclosure with the
 * reason and a plain POST (`intent=report`), so it works without JavaScript.
 */
export function ReportForm({ id, label, fields, error, name }: { id: string; label: string; fields?: Record<string, string>; error?: FieldErrors[string]; name?: string }) {
  const t = useT();
  return (
    <details className="report-form" open={Boolean(error)}>
      <summary>
        {t('report.summary')}
        {name ? <span className="visually-hidden"> {name}</span> : null}
      </summary>
      <Form method="post" className="form">
        {Object.entries(fields ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <TextBox id={`field-reportReason-${id}`} name="reportReason" label={label} maxLength={REPORT_REASON_MAX} rows={2} error={error} />
        <button type="submit" name="intent" value="report" className="button button--small button--secondary">
          {t('report.submit')}
        </button>
      </Form>
    </details>
  );
}

/** What a report came to, said where it was made. */
export function ReportOutcome({ report }: { report: ReportNotice | undefined }) {
  const t = useT();
  if (!report) return null;
  return (
    <Notice tone={report === 'reported' ? 'success' : 'info'}>
      <p>{t(`report.notice.${report}`)}</p>
    </Notice>
  );
}

/**
 * On a kind's list page, after reporting a write-up that the moderators hid
 * meanwhile: only that it is handled, nothing of the piece (issue 16).
 */
export function ReportHandledNotice({ show }: { show: boolean }) {
  const t = useT();
  if (!show) return null;
  return (
    <Notice tone="info">
      <p>{t('report.notice.alreadyHandled')}</p>
    </Notice>
  );
}

/** Shown to the author and the moderators of something hidden (nobody else sees it at all): why it is hidden. */
export function HiddenByModerators({ kind, hiddenAt, reason }: { kind: 'post' | 'writeUp'; hiddenAt: string; reason: string | null }) {
  const t = useT();
  return (
    <Notice tone="warning">
      <p>
        <strong>{t(`hidden.${kind}.title`)}</strong> {t('hidden.because', { date: formatDateTime(hiddenAt, t.locale), reason: reason ?? '' })}
      </p>
      <p>{t(`hidden.${kind}.who`)}</p>
    </Notice>
  );
}

/**
 * A queue of reported (or hidden) group posts and write-ups with the
 * moderator's choices: hide with a reason or leave up; for hidden ones,
 * restore with a reason. Plain POSTs naming the thing by type and id.
 */
export function ModerationQueueList({ entries, mode, reasonMax, errors, headingLevel = 3 }: { entries: QueueEntry[]; mode: 'reported' | 'hidden'; reasonMax: number; errors?: FieldErrors; headingLevel?: 3 | 2 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol className="comment-list">
      {entries.map((e) => {
        const key = `${mode}-${e.targetType}-${e.targetId}`;
        return (
          <li key={key} className="comment panel" aria-labelledby={`on-${key}`}>
            <Heading id={`on-${key}`}>
              <Link to={e.path}>{t('moderation.thing', { kind: t(`moderation.kind.${e.targetType}`), title: e.title })}</Link>
            </Heading>
            <p className="meta">
              {e.context}
              {e.authorName ? ` · ${t('moderation.byName', { name: e.authorName })}` : ''}
              {mode === 'reported' ? ` · ${t('moderation.reports', { count: e.reportCount })}` : ''}
              {mode === 'hidden' ? ` · ${t('moderation.hiddenReason', { reason: e.hiddenReason ?? '' })}` : ''}
            </p>
            {e.excerpt ? <blockquote className="comment__body">{e.excerpt}</blockquote> : null}
            {mode === 'reported' ? (
              <>
                <h4>{t('moderation.reasonsLabel')}</h4>
                <ul>
                  {e.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <Form method="post" className="form">
              <input type="hidden" name="targetType" value={e.targetType} />
              <input type="hidden" name="targetId" value={e.targetId} />
              <TextBox id={`field-reason-${e.targetId}`} name="reason" label={t('moderation.reason')} maxLength={reasonMax} rows={2} error={errors?.[`reason-${e.targetId}`]} />
              <div className="actions">
                {mode === 'reported' ? (
                  <>
                    <button type="submit" name="intent" value="hide" className="button button--danger">
                      {t('moderation.hideThing')}
                    </button>
                    <button type="submit" name="intent" value="dismiss" className="button button--secondary">
                      {t('moderation.dismiss')}
                    </button>
                  </>
                ) : (
                  <button type="submit" name="intent" value="restore" className="button button--secondary">
                    {t('moderation.restoreThing')}
                  </button>
                )}
              </div>
            </Form>
          </li>
        );
      })}
    </ol>
  );
}

/** A write-up page's part of moderation: why it is hidden (to its editors), what a report came to, and where to report it. */
export function WriteUpHiddenNotice({ view, outcome }: { view: { hidden: { at: string; reason: string | null } | null }; outcome?: ReportNotice }) {
  return (
    <>
      {view.hidden ? <HiddenByModerators kind="writeUp" hiddenAt={view.hidden.at} reason={view.hidden.reason} /> : null}
      <ReportOutcome report={outcome} />
    </>
  );
}

export function WriteUpReportForm({ view, error }: { view: { canReport: boolean }; error?: FieldErrors[string] }) {
  const t = useT();
  if (!view.canReport) return null;
  return (
    <section className="write-up-report" aria-label={t('report.summary')}>
      <ReportForm id="write-up" label={t('report.writeUp.reason')} error={error} />
    </section>
  );
}
