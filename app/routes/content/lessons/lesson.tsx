import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { lessonPageStatement } from '#db/queries/lessons.server.ts';
import { PublishingPanel } from '#app/components/publishing-panel.tsx';
import { SharedWithGroupBadge } from '#app/components/shared-with-group-badge.tsx';
import { publishingGroupChoices, sharedWithGroup } from '#app/content/group-publishing.server.ts';
import { FactorTags } from '#app/components/factor-tags.tsx';
import { ContentFacts, Fact } from '#app/components/content-facts.tsx';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { changeLessonPublishing, loadLesson } from '#app/content/lessons.server.ts';
import { parsePublishingIntent } from '#app/content/publishing.server.ts';
import { readableLinks } from '#app/content/readable.server.ts';
import { notFound, requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canFollow, publishableVisibilities } from '#app/policy.ts';
import { SummaryWithPlainLanguage, wantsPlainLanguage } from '#app/components/plain-language.tsx';
import { isRichTextEmpty, renderRichTextHtml } from '#app/rich-text/document.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { CommentsSection } from '#app/components/comments-section.tsx';
import { WriteUpHiddenNotice, WriteUpReportForm } from '#app/components/moderation.tsx';
import { reportWriteUp, writeUpModerationView, writeUpReportResponse } from '#app/moderation/posts-and-write-ups.server.ts';
import { DoneNotice, doneOfPublishing, withDone } from '#app/components/done-notice.tsx';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonFrom } from '#app/follows/follows.server.ts';
import { commentAction, commentedItem, commentResponse, commentSection } from '#app/comments/comments.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.lesson.title} – Samverka` }, { name: 'description', content: data.lesson.summary }] : [{ title: 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const loaded = await loadLesson(context, params.slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  const { lesson, organization, actor, can } = loaded;
  const { db } = context.services;
  const item = commentedItem('lesson', `/lardomar/${lesson.slug}`, lesson, organization);
  const followTarget = { kind: 'organization' as const, key: organization.id };
  // The linked initiative, the comments and whether the reader follows the organisation in one prepared round trip (issue 15).
  const folded = await lessonPageStatement(db, {
    id: lesson.id,
    initiativeId: lesson.initiativeId,
    organizationId: organization.id,
    userId: canFollow(actor) ? actor.userId : null,
  });
  const linked = folded.linked[0];
  return {
    comments: await commentSection(context, item, folded.comments),
    moderation: writeUpModerationView(can, lesson),
    followOrganization: followButtonFrom(actor, followTarget, folded.following),
    lesson: {
      slug: lesson.slug,
      title: lesson.title,
      summary: lesson.summary,
      plainSummary: lesson.plainSummary,
      state: lesson.state,
      visibility: lesson.visibility,
      version: lesson.version,
      themes: lesson.themes,
      successFactors: lesson.successFactors,
    },
    // An empty part is left out, heading and all (null), rather than shown as a heading over nothing.
    html: {
      whatWorked: isRichTextEmpty(lesson.whatWorked) ? null : renderRichTextHtml(lesson.whatWorked),
      whatDidNot: isRichTextEmpty(lesson.whatDidNot) ? null : renderRichTextHtml(lesson.whatDidNot),
      recommendations: isRichTextEmpty(lesson.recommendations) ? null : renderRichTextHtml(lesson.recommendations),
    },
    plain: wantsPlainLanguage(new URL(request.url)),
    organization: { slug: organization.slug, name: organization.name },
    initiative: linked ? (readableLinks(actor, [linked]).map(({ slug, title }) => ({ slug, title }))[0] ?? null) : null,
    visibilities: publishableVisibilities(actor),
    publishingGroups: can.edit ? await publishingGroupChoices(context.services.db, actor) : [],
    sharedWith: await sharedWithGroup(context.services.db, lesson),
    groupId: lesson.groupId,
    can,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadLesson(context, params.slug ?? '');
  if (!loaded) notFound();
  const formData = await readForm(request);
  const here = `/lardomar/${loaded.lesson.slug}`;
  // Before the view guard: reporting a piece hidden meanwhile says so to whoever could read it.
  const reported = await reportWriteUp(context, commentedItem('lesson', here, loaded.lesson, loaded.organization), user.id, formData);
  if (reported) return writeUpReportResponse(reported, 'lesson');
  if (!loaded.can.view) notFound();
  const commented = await commentAction(context, commentedItem('lesson', here, loaded.lesson, loaded.organization), user.id, formData);
  if (commented) return commentResponse(here, commented);
  const intent = parsePublishingIntent(formData);
  if (!intent.ok) return data({ errors: intent.errors }, { status: 400 });
  const result = await changeLessonPublishing(context, loaded, user.id, intent.change, intent.version);
  if (!result.ok) return data({ errors: result.errors }, { status: result.status });
  return redirect(withDone(`/lardomar/${result.slug}`, doneOfPublishing(intent.change.to)));
}

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const l = d.lesson;
  return (
    <div className="container page">
      <p className="eyebrow">{t('nav.lessons')}</p>
      <h1>{l.title}</h1>
      <DoneNotice />
      <SummaryWithPlainLanguage path={`/lardomar/${l.slug}`} summary={l.summary} plainSummary={l.plainSummary} plain={d.plain} />
      <SharedWithGroupBadge group={d.sharedWith} />
      {l.state === 'draft' ? <Notice tone="warning">{t('initiative.draftNote', { org: d.organization.name })}</Notice> : null}
      {l.state === 'archived' ? <Notice tone="warning">{t('initiative.archivedNote')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      <WriteUpHiddenNotice view={d.moderation} outcome={actionData && 'writeUpReport' in actionData ? actionData.writeUpReport : undefined} />
      <div className="content-layout">
        <article className="content-body">
          {d.html.whatWorked !== null ? (
            <section aria-labelledby="worked">
              <h2 id="worked">{t('lesson.field.whatWorked')}</h2>
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.html.whatWorked }} />
            </section>
          ) : null}
          {d.html.whatDidNot !== null ? (
            <section aria-labelledby="did-not">
              <h2 id="did-not">{t('lesson.field.whatDidNot')}</h2>
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.html.whatDidNot }} />
            </section>
          ) : null}
          {d.html.recommendations !== null ? (
            <section aria-labelledby="recommendations">
              <h2 id="recommendations">{t('lesson.field.recommendations')}</h2>
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.html.recommendations }} />
            </section>
          ) : null}
        </article>
        <aside className="content-aside" aria-label={t('initiative.owner')}>
          <ContentFacts organization={d.organization} visibility={l.visibility} state={l.state} ownerAction={<FollowButton state={d.followOrganization} name={d.organization.name} />}>
            <Fact label={t('lesson.linkedTo')}>{d.initiative ? <Link to={`/insatser/${d.initiative.slug}`}>{d.initiative.title}</Link> : t('lesson.freeStanding')}</Fact>
            {l.themes.length ? <Fact label={t('initiative.field.themes')}>{l.themes.map((x) => t(`theme.${x}`)).join(', ')}</Fact> : null}
            {l.successFactors.length ? (
              <Fact label={t('initiative.field.successFactors')}>
                <FactorTags factors={l.successFactors} />
              </Fact>
            ) : null}
          </ContentFacts>
          <PublishingPanel basePath={`/lardomar/${l.slug}`} state={l.state} visibility={l.visibility} version={l.version} visibilities={d.visibilities} can={d.can} groups={d.publishingGroups} groupId={d.groupId} errors={actionData?.errors} />
        </aside>
      </div>
      <WriteUpReportForm view={d.moderation} error={actionData?.errors?.reportReason} />
      {l.state !== 'draft' ? <CommentsSection section={d.comments} errors={actionData?.errors} report={actionData && 'report' in actionData ? actionData : undefined} /> : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
