import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { Suspense } from 'react';
import { initiativePageStatement, relationsOf } from '#db/queries/initiatives.server.ts';
import { FactorTags } from '#app/components/factor-tags.tsx';
import { ContentFacts, Fact } from '#app/components/content-facts.tsx';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { changePublishing, loadInitiative } from '#app/content/initiatives.server.ts';
import { parsePublishingIntent } from '#app/content/publishing.server.ts';
import { PublishingPanel as PublishingPanelNow } from '#app/components/publishing-panel.tsx';
import { SharedWithGroupBadge } from '#app/components/shared-with-group-badge.tsx';
import { publishingGroupChoices, sharedWithGroup } from '#app/content/group-publishing.server.ts';
import { readableLinks } from '#app/content/readable.server.ts';
import { notFound, requireUser } from '#app/context.server.ts';
import { formatKronor } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canWriteLessonFor, publishableVisibilities } from '#app/policy.ts';
import { SummaryWithPlainLanguage, wantsPlainLanguage } from '#app/components/plain-language.tsx';
import { renderRichTextHtml } from '#app/rich-text/document.server.ts';
import { FOLLOW_INDICATORS_INTENT, InitiativeIndicators as InitiativeIndicatorsNow } from '#app/components/initiative-indicators.tsx';
import { loadInitiativeIndicators } from '#app/indicators/initiative-charts.server.ts';
import { followIndicators } from '#app/indicators/initiative-indicators.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { similarScopeValues } from '#db/queries/similar.server.ts';
import { readerContentScope } from '#app/policy.ts';
import { CommentsSection as CommentsSectionNow } from '#app/components/comments-section.tsx';
import { DoneNotice, doneOfPublishing, withDone } from '#app/components/done-notice.tsx';
import { commentAction, commentedItem, commentResponse, commentSection } from '#app/comments/comments.server.ts';
import { WriteUpHiddenNotice as WriteUpHiddenNoticeNow, WriteUpReportForm as WriteUpReportFormNow } from '#app/components/moderation.tsx';
import { lazyPart } from '#app/components/lazy-part.tsx';
import { InitiativeOutcomes as InitiativeOutcomesNow } from '#app/components/initiative-outcomes.tsx';
import { InitiativeAttachments as InitiativeAttachmentsNow } from '#app/components/initiative-attachments.tsx';
import { reportWriteUp, writeUpModerationView, writeUpReportResponse } from '#app/moderation/posts-and-write-ups.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.initiative.title} – Samverka` }, { name: 'description', content: data.initiative.summary }] : [{ title: 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const loaded = await loadInitiative(context, params.slug ?? '');
  // A draft or private initiative is answered like a missing one: its existence is not revealed.
  if (!loaded || !loaded.can.view) notFound();
  const { initiative, organization, actor, can } = loaded;
  const { db } = context.services;
  const item = commentedItem('initiative', `/insatser/${initiative.slug}`, initiative, organization);
  // Relations, comments and similar initiatives in one prepared round trip (issue 15); the policy module decides each below.
  const folded = await initiativePageStatement(db, { id: initiative.id, ...similarScopeValues(readerContentScope(actor)) });
  const relations = relationsOf(folded.relations);
  return {
    comments: await commentSection(context, item, folded.comments),
    moderation: writeUpModerationView(can, initiative),
    initiative: {
      id: initiative.id,
      slug: initiative.slug,
      title: initiative.title,
      summary: initiative.summary,
      plainSummary: initiative.plainSummary,
      status: initiative.status,
      state: initiative.state,
      visibility: initiative.visibility,
      version: initiative.version,
      startDate: initiative.startDate,
      endDate: initiative.endDate,
      themes: initiative.themes,
      targetGroups: initiative.targetGroups,
      successFactors: initiative.successFactors,
      fundingSource: initiative.fundingSource,
      fundingAmountSek: initiative.fundingAmountSek,
      evaluationMethod: initiative.evaluationMethod,
      evaluatedBy: initiative.evaluatedBy,
      evaluationSummary: initiative.evaluationSummary,
      evaluationUrl: initiative.evaluationUrl,
      contactName: initiative.contactName,
      contactEmail: initiative.contactEmail,
      publishedAt: initiative.publishedAt?.toISOString() ?? null,
      updatedAt: initiative.updatedAt.toISOString(),
    },
    bodyHtml: renderRichTextHtml(initiative.body),
    organization: { slug: organization.slug, name: organization.name, sector: organization.sector },
    areas: relations.areas,
    partners: relations.partners,
    inspiredBy: readableLinks(actor, relations.inspiredBy).map(({ slug, title }) => ({ slug, title })),
    inspired: readableLinks(actor, relations.inspired).map(({ slug, title }) => ({ slug, title })),
    similar: readableLinks(actor, folded.similar).map(({ slug, title }) => ({ slug, title })),
    lessons: readableLinks(actor, relations.lessons).map(({ slug, title }) => ({ slug, title })),
    attachments: relations.attachments.map((f) => ({ id: f.id, filename: f.filename, size: f.size, kind: f.kind })),
    visibilities: publishableVisibilities(actor),
    publishingGroups: can.edit ? await publishingGroupChoices(db, actor) : [],
    sharedWith: await sharedWithGroup(db, initiative),
    groupId: initiative.groupId,
    can,
    plain: wantsPlainLanguage(new URL(request.url)),
    canWriteLesson: canWriteLessonFor(actor, initiative),
    indicators: await loadInitiativeIndicators(context, loaded, relations),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadInitiative(context, params.slug ?? '');
  if (!loaded) notFound();
  const formData = await readForm(request);
  const here = `/insatser/${loaded.initiative.slug}`;
  // Before the view guard: reporting a piece hidden meanwhile says so to whoever could read it.
  const reported = await reportWriteUp(context, commentedItem('initiative', here, loaded.initiative, loaded.organization), user.id, formData);
  if (reported) return writeUpReportResponse(reported, 'initiative');
  if (!loaded.can.view) notFound();
  const commented = await commentAction(context, commentedItem('initiative', here, loaded.initiative, loaded.organization), user.id, formData);
  if (commented) return commentResponse(here, commented);
  if (formData.get('intent') === FOLLOW_INDICATORS_INTENT) {
    const followed = await followIndicators(context, loaded, user.id, formData);
    return followed.ok ? redirect(`/insatser/${loaded.initiative.slug}#indikatorer`) : data({ errors: followed.errors }, { status: followed.status });
  }
  const intent = parsePublishingIntent(formData);
  if (!intent.ok) return data({ errors: intent.errors }, { status: 400 });
  const result = await changePublishing(context, loaded, user.id, intent.change, intent.version);
  if (!result.ok) return data({ errors: result.errors }, { status: result.status });
  return redirect(withDone(`/insatser/${result.slug}`, doneOfPublishing(intent.change.to)));
}

// Below the fold, or only for editors and signed-in members: their code loads after the page's (lazy-part.tsx).
// The server renders them at once; the browser keeps that HTML until a part's chunk has arrived.
const InitiativeIndicators = import.meta.env.SSR ? InitiativeIndicatorsNow : lazyPart(() => import('#app/components/initiative-indicators.tsx').then((m) => m.InitiativeIndicators));
const PublishingPanel = import.meta.env.SSR ? PublishingPanelNow : lazyPart(() => import('#app/components/publishing-panel.tsx').then((m) => m.PublishingPanel));
const CommentsSection = import.meta.env.SSR ? CommentsSectionNow : lazyPart(() => import('#app/components/comments-section.tsx').then((m) => m.CommentsSection));
const WriteUpHiddenNotice = import.meta.env.SSR ? WriteUpHiddenNoticeNow : lazyPart(() => import('#app/components/moderation.tsx').then((m) => m.WriteUpHiddenNotice));
const InitiativeAttachments = import.meta.env.SSR ? InitiativeAttachmentsNow : lazyPart(() => import('#app/components/initiative-attachments.tsx').then((m) => m.InitiativeAttachments));
const InitiativeOutcomes = import.meta.env.SSR ? InitiativeOutcomesNow : lazyPart(() => import('#app/components/initiative-outcomes.tsx').then((m) => m.InitiativeOutcomes));
const WriteUpReportForm = import.meta.env.SSR ? WriteUpReportFormNow : lazyPart(() => import('#app/components/moderation.tsx').then((m) => m.WriteUpReportForm));

export default function InitiativePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const i = d.initiative;
  return (
    <div className="container page">
      <p className="eyebrow">
        {t('nav.initiatives')} · {t(`status.${i.status}`)}
      </p>
      <h1>{i.title}</h1>
      <DoneNotice />
      <SummaryWithPlainLanguage path={`/insatser/${i.slug}`} summary={i.summary} plainSummary={i.plainSummary} plain={d.plain} />
      <SharedWithGroupBadge group={d.sharedWith} />
      {i.state === 'draft' ? <Notice tone="warning">{t('initiative.draftNote', { org: d.organization.name })}</Notice> : null}
      {i.state === 'archived' ? <Notice tone="warning">{t('initiative.archivedNote')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      {d.moderation.hidden || (actionData && 'writeUpReport' in actionData) ? (
        <Suspense fallback={null}>
          <WriteUpHiddenNotice view={d.moderation} outcome={actionData && 'writeUpReport' in actionData ? actionData.writeUpReport : undefined} />
        </Suspense>
      ) : null}

      <div className="content-layout">
        <article className="content-body">
          {/* Rendered on the server from sanitised JSON with the shared extension list. */}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.bodyHtml }} />
          {i.evaluationMethod || i.evaluatedBy || i.evaluationSummary || i.evaluationUrl || d.lessons.length > 0 || d.canWriteLesson ? (
            <Suspense fallback={null}>
              <InitiativeOutcomes initiative={i} lessons={d.lessons} canWriteLesson={d.canWriteLesson} />
            </Suspense>
          ) : null}
          {d.indicators.charts.length > 0 || d.indicators.snapshots.length > 0 || d.indicators.canChoose ? (
            <Suspense fallback={null}>
              <InitiativeIndicators section={d.indicators} initiativeSlug={i.slug} errors={actionData?.errors} />
            </Suspense>
          ) : null}
          {d.attachments.length > 0 || d.can.attach ? (
            <Suspense fallback={null}>
              <InitiativeAttachments slug={i.slug} attachments={d.attachments} canAttach={d.can.attach} />
            </Suspense>
          ) : null}
        </article>

        <aside className="content-aside" aria-label={t('initiative.owner')}>
          <ContentFacts organization={d.organization} visibility={i.visibility} state={i.state}>
            {d.partners.length ? (
              <Fact label={t('initiative.partners')}>
                {d.partners.map((p, n) => (
                  <span key={p.id}>
                    {n > 0 ? ', ' : ''}
                    <Link to={`/organisationer/${p.slug}`}>{p.name}</Link>
                  </span>
                ))}
              </Fact>
            ) : null}
            {i.startDate ? <Fact label={t('initiative.period')}>{i.endDate ? `${i.startDate} – ${i.endDate}` : t('initiative.ongoingSince', { date: i.startDate })}</Fact> : null}
            {d.areas.length ? <Fact label={t('initiative.areas')}>{d.areas.map((a) => a.name).join(', ')}</Fact> : null}
            {i.themes.length ? <Fact label={t('initiative.field.themes')}>{i.themes.map((x) => t(`theme.${x}`)).join(', ')}</Fact> : null}
            {i.targetGroups.length ? <Fact label={t('initiative.field.targetGroups')}>{i.targetGroups.map((x) => t(`target.${x}`)).join(', ')}</Fact> : null}
            {i.successFactors.length ? (
              <Fact label={t('initiative.field.successFactors')}>
                <FactorTags factors={i.successFactors} />
              </Fact>
            ) : null}
            {i.fundingSource ? (
              <Fact label={t('initiative.field.funding')}>
                {i.fundingSource}
                {i.fundingAmountSek !== null ? `, ${formatKronor(i.fundingAmountSek, t.locale)}` : ''}
              </Fact>
            ) : null}
            {i.contactName || i.contactEmail ? (
              <Fact label={t('initiative.field.contact')}>
                {i.contactName}
                {i.contactEmail ? (
                  <>
                    {' '}
                    <a href={`mailto:${i.contactEmail}`}>{i.contactEmail}</a>
                  </>
                ) : null}
              </Fact>
            ) : null}
            {d.inspiredBy.length ? (
              <Fact label={t('initiative.inspiredBy')}>
                <LinkList items={d.inspiredBy} />
              </Fact>
            ) : null}
            {d.similar.length ? (
              <Fact label={t('initiative.similar')}>
                <LinkList items={d.similar} />
              </Fact>
            ) : null}
            {d.inspired.length ? (
              <Fact label={t('initiative.inspired')}>
                <LinkList items={d.inspired} />
              </Fact>
            ) : null}
          </ContentFacts>

          {d.can.edit ? (
            <Suspense fallback={null}>
              <PublishingPanel basePath={`/insatser/${i.slug}`} state={i.state} visibility={i.visibility} version={i.version} visibilities={d.visibilities} can={d.can} groups={d.publishingGroups} groupId={d.groupId} errors={actionData?.errors} />
            </Suspense>
          ) : null}
        </aside>
      </div>
      {d.moderation.canReport ? (
        <Suspense fallback={null}>
          <WriteUpReportForm view={d.moderation} error={actionData?.errors?.reportReason} />
        </Suspense>
      ) : null}
      {i.state !== 'draft' ? (
        <Suspense fallback={null}>
          <CommentsSection section={d.comments} errors={actionData?.errors} report={actionData && 'report' in actionData ? actionData : undefined} />
        </Suspense>
      ) : null}
    </div>
  );
}

function LinkList({ items }: { items: { slug: string; title: string }[] }) {
  return (
    <ul className="plain-list plain-list--tight">
      {items.map((x) => (
        <li key={x.slug}>
          <Link to={`/insatser/${x.slug}`}>{x.title}</Link>
        </li>
      ))}
    </ul>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
