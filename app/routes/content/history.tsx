/**
 * The version history of every kind of content that keeps versions (initiatives, lessons), registered
 * once per kind in app/routes.ts; the kind comes from the URL (requireContent in content/kinds.server.ts).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { HistoryView } from '#app/components/history-view.tsx';
import { loadHistory } from '#app/content/history.server.ts';
import { contentPath } from '#app/content/kinds.ts';
import { withDone } from '#app/components/done-notice.tsx';
import { requireContent } from '#app/content/kinds.server.ts';
import { notFound } from '#app/context.server.ts';
import { readForm, requireWholeNumber } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadWithHistory(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const { user, content } = await requireContent(context, request, slug, 'viewHistory');
  // A kind that keeps no versions has no history to show (its policy refuses viewHistory first).
  if (!content.revisions) notFound();
  return { user, content, revisions: content.revisions };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { content, revisions } = await loadWithHistory(request, context, params.slug);
  const history = await loadHistory(context.services.db, revisions.contentType, content.id, new URL(request.url));
  return { ...history, title: content.title, backTo: contentPath(content.kind, content.slug), currentVersion: content.version };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, content, revisions } = await loadWithHistory(request, context, params.slug);
  const formData = await readForm(request);
  const result = await revisions.restore(user.id, requireWholeNumber(formData.get('restore'), 'restore', { min: 1 }), requireWholeNumber(formData.get('version'), 'version', { min: 0 }));
  return redirect(result.ok ? withDone(contentPath(content.kind, result.slug), 'restored') : contentPath(content.kind, content.slug, 'historik'));
}

export default function ContentHistory() {
  return <HistoryView d={useLoaderData<typeof loader>()} />;
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
