import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { HIDE_REASON_MAX_LENGTH } from '#app/comments/comments.server.ts';
import { ModerationQueueList } from '#app/components/moderation.tsx';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { assertAllowed } from '#app/http/guards.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { decisionAction, groupQueue } from '#app/moderation/posts-and-write-ups.server.ts';
import { canModerateGroup, isSignedIn } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${translate(data.locale, 'group.moderation.title')} – ${data.group.name} – Samverka` : 'Samverka' }];

/** A group's own moderation queue: its leads only (members get 403, outsiders what the group guard gives them). */
async function requireGroupModerator(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  requireUser(request, context);
  const access = await requireGroupContent(request, context, slug);
  const actor = await context.actor();
  assertAllowed(canModerateGroup(actor, access.group) && isSignedIn(actor));
  return { access, actor: actor as typeof actor & { userId: string } };
}

const DONE = ['hidden', 'restored', 'dismissed', 'unchanged'] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access, actor } = await requireGroupModerator(request, context, params.slug);
  const done = DONE.find((d) => d === new URL(request.url).searchParams.get('klart')) ?? null;
  return {
    locale: context.locale,
    group: { slug: access.group.slug, name: access.group.name },
    done,
    reasonMax: HIDE_REASON_MAX_LENGTH,
    ...(await groupQueue(context, actor, access.group.id)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, actor } = await requireGroupModerator(request, context, params.slug);
  const outcome = await decisionAction(context, actor, await readForm(request), { groupId: access.group.id });
  if (!outcome.ok) return data({ errors: outcome.errors }, { status: outcome.status });
  const done = !outcome.changed ? 'unchanged' : outcome.done === 'hide' ? 'hidden' : outcome.done === 'restore' ? 'restored' : 'dismissed';
  return redirect(`/grupper/${access.group.slug}/moderering?klart=${done}`);
}

export default function GroupModeration() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t('group.moderation.title')}</h1>
      <p>{t('group.moderation.lead')}</p>
      {d.done ? <Notice tone={d.done === 'unchanged' ? 'info' : 'success'}>{t(d.done === 'unchanged' ? 'moderation.done.unchanged' : `moderation.doneThing.${d.done}`)}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      <section aria-labelledby="reported">
        <h2 id="reported">{t('group.moderation.reported')}</h2>
        {d.reported.length === 0 ? <p>{t('group.moderation.noneReported')}</p> : null}
        <ModerationQueueList entries={d.reported} mode="reported" reasonMax={d.reasonMax} errors={actionData?.errors} />
      </section>
      <section aria-labelledby="hidden">
        <h2 id="hidden">{t('group.moderation.hidden')}</h2>
        {d.hidden.length === 0 ? <p>{t('group.moderation.noneHidden')}</p> : null}
        <ModerationQueueList entries={d.hidden} mode="hidden" reasonMax={d.reasonMax} errors={actionData?.errors} />
      </section>
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
