import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { GroupNav } from '#app/components/group-nav.tsx';
import { loadGroupAccess } from '#app/groups/access.server.ts';
import { canModerateGroup } from '#app/policy.ts';
import { countReportedGroupPosts } from '#db/queries/moderation.server.ts';
import { DoneNotice } from '#app/components/done-notice.tsx';
import { COMMUNITY_DONE } from '#app/components/done-notice-community.ts';

/**
 * Every page of one working group (`/grupper/:slug/…`) sits inside this
 * layout: it loads the group and the reader's standing in it once and shows
 * the group's navigation to its members. It guards nothing on its own pages'
 * behalf: each page's loader and action call the same guard themselves
 * (memoised per request, so a document request still reads the group once),
 * because a client-side navigation runs only the page's loader.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, can } = await loadGroupAccess(request, context, params.slug);
  // Leads get a link to the group's moderation queue with the number of posts waiting (one count, leads only).
  const moderation = can.viewContent && canModerateGroup(await context.actor(), group) ? { waiting: await countReportedGroupPosts(context.services.db, group.id) } : null;
  return {
    group: { slug: group.slug, name: group.name },
    moderation,
    // Members see the group's sections; readers who may not even see the overview get the narrow page.
    showNav: can.viewContent,
    narrow: !can.viewOverview,
  };
}

export default function GroupLayout() {
  const { group, showNav, narrow, moderation } = useLoaderData<typeof loader>();
  return (
    <div className={narrow ? 'container page page--narrow' : 'container page'}>
      {showNav ? <GroupNav slug={group.slug} name={group.name} moderation={moderation} /> : null}
      {/* What the last action on any of the group's pages did ("Rollen är ändrad."), in one place for them all. */}
      <DoneNotice messages={COMMUNITY_DONE} />
      <Outlet />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
