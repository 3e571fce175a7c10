import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { PublishingPanel } from '#app/components/publishing-panel.tsx';
import { SharedWithGroupBadge } from '#app/components/shared-with-group-badge.tsx';
import { publishingGroupChoices, sharedWithGroup } from '#app/content/group-publishing.server.ts';
import { FrozenIndicator, periodSpan } from '#app/components/snapshot-parts.tsx';
import { ContentFacts, Fact } from '#app/components/content-facts.tsx';
import { ErrorSummary, Notice, SelectField } from '#app/components/ui.tsx';
import { notFound, requireUser, safeRedirectPath } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { attachSnapshotToInitiative, detachSnapshotFromInitiative } from '#app/indicators/initiative-indicators.server.ts';
import { changeSnapshotPublishing, loadSnapshot, snapshotPageData } from '#app/content/snapshots.server.ts';
import { publishableVisibilities } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';
import { CommentsSection } from '#app/components/comments-section.tsx';
import { WriteUpHiddenNotice, WriteUpReportForm } from '#app/components/moderation.tsx';
import { reportWriteUp, writeUpModerationView, writeUpReportResponse } from '#app/moderation/posts-and-write-ups.server.ts';
import { commentAction, commentedItem, commentResponse, commentSection } from '#app/comments/comments.server.ts';
import { DoneNotice, withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.snapshot.title} – Samverka` : 'Samverka' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const loaded = await loadSnapshot(context, params.slug ?? '');
  // A draft or private snapshot is answered like a missing one.
  if (!loaded || !loaded.can.view) notFound();
  const { snapshot, organization, actor, can } = loaded;
  const item = commentedItem('snapshot', `/ogonblicksbilder/${snapshot.slug}`, snapshot, organization);
  const { commentRows, ...page } = await snapshotPageData(context, loaded);
  return {
    comments: await commentSection(context, item, commentRows),
    moderation: writeUpModerationView(can, snapshot),
    snapshot: {
      slug: snapshot.slug,
      title: snapshot.title,
      areaCode: snapshot.areaCode,
      areaName: loaded.areaName,
      periodFrom: snapshot.periodFrom,
      periodTo: snapshot.periodTo,
      state: snapshot.state,
      visibility: snapshot.visibility,
      version: snapshot.version,
      takenAt: snapshot.createdAt.toISOString().slice(0, 10),
    },
    organization: { slug: organization.slug, name: organization.name },
    ...page,
    visibilities: publishableVisibilities(actor),
    publishingGroups: can.edit ? await publishingGroupChoices(context.services.db, actor) : [],
    sharedWith: await sharedWithGroup(context.services.db, snapshot),
    groupId: snapshot.groupId,
    can,
  };
}

/** Publishing intents as for initiatives, plus attaching to and detaching from an initiative. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadSnapshot(context, params.slug ?? '');
  if (!loaded) notFound();
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const here = `/ogonblicksbilder/${loaded.snapshot.slug}`;
  if (intent === 'detach') {
    // The initiative's editors may detach even a snapshot they can no longer read.
    const result = await detachSnapshotFromInitiative(context, loaded.snapshot.id, user.id, String(formData.get('initiative') ?? ''));
    if (!result.ok) {
      if (!loaded.can.view) notFound();
      return data({ errors: result.errors }, { status: result.status });
    }
    return redirect(safeRedirectPath(formData.get('returnTo'), here));
  }
  // Before the view guard: reporting a piece hidden meanwhile says so to whoever could read it.
  const reported = await reportWriteUp(context, commentedItem('snapshot', here, loaded.snapshot, loaded.organization), user.id, formData);
  if (reported) return writeUpReportResponse(reported, 'snapshot');
  if (!loaded.can.view) notFound();
  const commented = await commentAction(context, commentedItem('snapshot', here, loaded.snapshot, loaded.organization), user.id, formData);
  if (commented) return commentResponse(here, commented);
  if (intent === 'attach') {
    const result = await attachSnapshotToInitiative(context, loaded, user.id, formData);
    return result.ok ? redirect(here) : data({ errors: result.errors }, { status: result.status });
  }
  const result = await changeSnapshotPublishing(context, loaded, user.id, formData);
  const done = intent === 'publish' ? 'published' : intent === 'unpublish' ? 'unpublished' : 'archived';
  return result.ok ? redirect(withDone(`/ogonblicksbilder/${result.slug}`, done)) : data({ errors: result.errors }, { status: result.status });
}

export default function SnapshotPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  // Said once above the charts when every frozen value is example data; otherwise each chart names its example series.
  const allExample = d.charts.some((c) => c.series.length > 0) && d.charts.every((c) => c.series.every((s) => s.example === 'all'));
  const s = d.snapshot;
  return (
    <div className="container page">
      <p className="eyebrow">
        <Link to="/ogonblicksbilder">{t('snapshot.list.title')}</Link>
      </p>
      <h1>{s.title}</h1>
      <DoneNotice />
      <p className="lead">{t('snapshot.lead', { area: s.areaName, period: periodSpan(s.periodFrom, s.periodTo) })}</p>
      <SharedWithGroupBadge group={d.sharedWith} />
      <Notice>{t('snapshot.frozenNote', { date: s.takenAt })}</Notice>
      {s.state === 'draft' ? <Notice tone="warning">{t('snapshot.draftNote', { org: d.organization.name })}</Notice> : null}
      {s.state === 'archived' ? <Notice tone="warning">{t('snapshot.archivedNote')}</Notice> : null}
      {allExample ? <Notice tone="warning">{t('stats.exampleNote')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      <WriteUpHiddenNotice view={d.moderation} outcome={actionData && 'writeUpReport' in actionData ? actionData.writeUpReport : undefined} />

      <div className="content-layout">
        <article className="content-body">
          {d.commentaryHtml !== null ? (
            <section aria-labelledby="commentary">
              <h2 id="commentary">{t('snapshot.commentary')}</h2>
              {/* Rendered on the server from sanitised JSON with the shared extension list. */}
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.commentaryHtml }} />
            </section>
          ) : null}
          <section aria-labelledby="indicators">
            <h2 id="indicators">{t('snapshot.indicators')}</h2>
            <p className="meta">{t('area.correlation')}</p>
            {d.charts.map((c) => (
              <FrozenIndicator key={c.code} chart={c} areaName={s.areaName} headingId={`indicator-${c.code}`} exampleNoteShown={!allExample} />
            ))}
          </section>
        </article>

        <aside className="content-aside" aria-label={t('snapshot.about')}>
          <ContentFacts organization={d.organization} visibility={s.visibility} state={s.state}>
            <Fact label={t('snapshot.area')}>{s.areaName}</Fact>
            <Fact label={t('snapshot.period')}>{periodSpan(s.periodFrom, s.periodTo)}</Fact>
            <Fact label={t('snapshot.takenAt')}>{s.takenAt}</Fact>
          </ContentFacts>

          <PublishingPanel basePath={`/ogonblicksbilder/${s.slug}`} state={s.state} visibility={s.visibility} version={s.version} visibilities={d.visibilities} can={d.can} groups={d.publishingGroups} groupId={d.groupId} errors={actionData?.errors} />

          <section aria-labelledby="attached" className="panel">
            <h2 id="attached">{t('snapshot.attached')}</h2>
            {d.initiatives.length === 0 ? <p>{t('snapshot.attachedNone')}</p> : null}
            <ul className="plain-list">
              {d.initiatives.map((i) => (
                <li key={i.slug}>
                  <Link to={`/insatser/${i.slug}`}>{i.title}</Link> <span className="meta">({t(`snapshot.role.${i.role}`)})</span>
                  {i.canDetach ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="initiative" value={i.slug} />
                      <button type="submit" name="intent" value="detach" className="button button--small button--secondary">
                        {t('snapshot.detach')}
                        <span className="visually-hidden"> {i.title}</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            {d.attachChoices.length > 0 ? (
              <Form method="post" className="form">
                <SelectField name="initiative" label="snapshot.attach.initiative" required options={d.attachChoices} error={actionData?.errors?.initiative} />
                <fieldset className="field">
                  <legend>{t('snapshot.attach.role')}</legend>
                  <label className="choice">
                    <input type="radio" name="role" value="baseline" defaultChecked /> <span>{t('snapshot.role.baseline')}</span>
                  </label>
                  <label className="choice">
                    <input type="radio" name="role" value="follow_up" /> <span>{t('snapshot.role.follow_up')}</span>
                  </label>
                </fieldset>
                <button type="submit" name="intent" value="attach" className="button">
                  {t('snapshot.attach.submit')}
                </button>
              </Form>
            ) : null}
          </section>
        </aside>
      </div>
      <WriteUpReportForm view={d.moderation} error={actionData?.errors?.reportReason} />
      {d.snapshot.state !== 'draft' ? <CommentsSection section={d.comments} errors={actionData?.errors} report={actionData && 'report' in actionData ? actionData : undefined} /> : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
