import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { HistoryView } from '#app/components/history-view.tsx';
import { loadHistory } from '#app/content/history.server.ts';
import { loadLesson, restoreLessonRevision } from '#app/content/lessons.server.ts';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { readForm, requireWholeNumber } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadWithHistory(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadLesson(context, slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  assertAllowed(loaded.can.viewHistory);
  return { user, loaded };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { loaded } = await loadWithHistory(request, context, params.slug);
  const history = await loadHistory(context.services.db, 'lesson', loaded.lesson.id, new URL(request.url));
  return { ...history, title: loaded.lesson.title, backTo: `/lardomar/${loaded.lesson.slug}`, currentVersion: loaded.lesson.version };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadWithHistory(request, context, params.slug);
  const formData = await readForm(request);
  const result = await restoreLessonRevision(context, loaded, user.id, requireWholeNumber(formData.get('restore'), 'restore', { min: 1 }), requireWholeNumber(formData.get('version'), 'version', { min: 0 }));
  return redirect(result.ok ? `/lardomar/${result.slug}` : `/lardomar/${loaded.lesson.slug}/historik`);
}

export default function LessonHistory() {
  return <HistoryView d={useLoaderData<typeof loader>()} />;
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
