import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { moderationAction, moderationQueue } from '#app/comments/moderation.server.ts';
import { TextBox } from '#app/components/comments-section.tsx';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { assertAllowed, requireUser } from '#app/context.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canModeratePlatform, isSignedIn } from '#app/policy.ts';
import { HIDE_REASON_MAX_LENGTH } from '#app/comments/comments.server.ts';
import { ModerationQueueList } from '#app/components/moderation.tsx';
import { decisionAction, platformQueue } from '#app/moderation/posts-and-write-ups.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'moderation.title') : ''} – Samverka` }];

async function requireModerator(request: Request, context: LoaderFunctionArgs['context']) {
  requireUser(request, context);
  const actor = await context.actor();
  assertAllowed(canModeratePlatform(actor) && isSignedIn(actor));
  return actor as typeof actor & { userId: string };
}

const DONE = ['hidden', 'restored', 'dismissed', 'unchanged'] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireModerator(request, context);
  const url = new URL(request.url);
  const done = DONE.find((d) => d === url.searchParams.get('klart')) ?? null;
  // `?sak=1`: the decision was on a write-up or group post, not a comment (the message names no comment).
  const thing = url.searchParams.has('sak');
  const [comments, others] = await Promise.all([moderationQueue(context, actor), platformQueue(context, actor)]);
  return { locale: context.locale, done, thing, reasonMax: HIDE_REASON_MAX_LENGTH, ...comments, others };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireModerator(request, context);
  const formData = await readForm(request);
  // Write-ups and group posts name their kind; comments keep their own form.
  const outcome = formData.has('targetType') ? await decisionAction(context, actor, formData, null) : await moderationAction(context, actor, formData);
  if (!outcome.ok) return data({ errors: outcome.errors }, { status: outcome.status });
  const done = !outcome.changed ? 'unchanged' : outcome.done === 'hide' ? 'hidden' : outcome.done === 'restore' ? 'restored' : 'dismissed';
  return redirect(`/admin/moderering?klart=${done}${formData.has('targetType') ? '&sak=1' : ''}`);
}

export default function Moderation() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  return (
    <div className="container page">
      <p>
        <Link to="/admin">{t('admin.title')}</Link>
      </p>
      <h1>{t('moderation.title')}</h1>
      <p>{t('moderation.lead')}</p>
      {d.done ? <Notice tone={d.done === 'unchanged' ? 'info' : 'success'}>{t(d.thing && d.done !== 'unchanged' ? `moderation.doneThing.${d.done}` : `moderation.done.${d.done}`)}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />

      <section aria-labelledby="reported">
        <h2 id="reported">{t('moderation.reported')}</h2>
        {d.reported.length === 0 ? <p>{t('moderation.noneReported')}</p> : null}
        <ol className="comment-list">
          {d.reported.map((c) => (
            <li key={c.commentId} className="comment panel" aria-labelledby={`on-${c.commentId}`}>
              <h3 id={`on-${c.commentId}`}>
                <Link to={c.itemPath}>{t('moderation.on', { title: c.itemTitle })}</Link>
              </h3>
              <p className="meta">
                {t('moderation.by', { name: c.authorName ?? t('comments.unknownAuthor'), date: fmt(c.createdAt) })} · {t('moderation.reports', { count: c.reportCount })}
              </p>
              <blockquote className="comment__body">{c.body}</blockquote>
              <h4>{t('moderation.reasonsLabel')}</h4>
              <ul>
                {c.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
              <Form method="post" className="form">
                <input type="hidden" name="commentId" value={c.commentId} />
                <TextBox id={`field-reason-${c.commentId}`} name="reason" label={t('moderation.reason')} maxLength={d.reasonMax} rows={2} error={actionData?.errors?.[`reason-${c.commentId}`]} />
                <div className="actions">
                  <button type="submit" name="intent" value="hide" className="button button--danger">
                    {t('moderation.hide')}
                  </button>
                  <button type="submit" name="intent" value="dismiss" className="button button--secondary">
                    {t('moderation.dismiss')}
                  </button>
                </div>
              </Form>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="others-reported">
        <h2 id="others-reported">{t('moderation.others.reported')}</h2>
        <p>{t('moderation.others.groupNote')}</p>
        {d.others.reported.length === 0 ? <p>{t('moderation.others.noneReported')}</p> : null}
        <ModerationQueueList entries={d.others.reported} mode="reported" reasonMax={d.reasonMax} errors={actionData?.errors} />
      </section>

      <section aria-labelledby="hidden">
        <h2 id="hidden">{t('moderation.hidden')}</h2>
        {d.hidden.length === 0 ? <p>{t('moderation.noneHidden')}</p> : null}
        <ol className="comment-list">
          {d.hidden.map((c) => (
            <li key={c.commentId} className="comment panel" aria-labelledby={`hidden-on-${c.commentId}`}>
              <h3 id={`hidden-on-${c.commentId}`}>
                <Link to={c.itemPath}>{t('moderation.on', { title: c.itemTitle })}</Link>
              </h3>
              <p className="meta">
                {t('moderation.by', { name: c.authorName ?? t('comments.unknownAuthor'), date: fmt(c.createdAt) })} · {t('moderation.hiddenBecause', { date: fmt(c.hiddenAt!), reason: c.hiddenReason ?? '' })}
              </p>
              <blockquote className="comment__body">{c.body}</blockquote>
              <Form method="post" className="form">
                <input type="hidden" name="commentId" value={c.commentId} />
                <TextBox id={`field-reason-${c.commentId}`} name="reason" label={t('moderation.reason')} maxLength={d.reasonMax} rows={2} error={actionData?.errors?.[`reason-${c.commentId}`]} />
                <button type="submit" name="intent" value="restore" className="button button--secondary">
                  {t('moderation.restore')}
                </button>
              </Form>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="others-hidden">
        <h2 id="others-hidden">{t('moderation.others.hidden')}</h2>
        {d.others.hidden.length === 0 ? <p>{t('moderation.others.noneHidden')}</p> : null}
        <ModerationQueueList entries={d.others.hidden} mode="hidden" reasonMax={d.reasonMax} errors={actionData?.errors} />
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
