import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getRevisions } from '#db/queries/content.server.ts';
import { ConflictNotice } from '#app/components/conflict-notice.tsx';
import { LessonForm } from '#app/components/lesson-form.tsx';
import { diffSnapshots } from '#app/content/diff.ts';
import { lessonInitiativeChoices, lessonValuesFromFields, lessonValuesFromFormData } from '#app/content/lesson-form.server.ts';
import { lessonFieldsOf, loadLesson, saveLesson } from '#app/content/lessons.server.ts';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadEditable(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadLesson(context, slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  assertAllowed(loaded.can.edit);
  return { user, loaded };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { loaded } = await loadEditable(request, context, params.slug);
  const { lesson } = loaded;
  return {
    slug: lesson.slug,
    title: lesson.title,
    version: lesson.version,
    values: lessonValuesFromFields(lessonFieldsOf(lesson)),
    initiatives: await lessonInitiativeChoices(context.services.db, [lesson.organizationId]),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadEditable(request, context, params.slug);
  const formData = await readForm(request);
  const result = await saveLesson(context, loaded, user.id, formData);
  if (result.ok) return redirect(`/lardomar/${result.slug}`);
  const values = lessonValuesFromFormData(formData);
  if (!result.conflict) return data({ errors: result.errors, values, conflict: null }, { status: result.status });
  const [base] = await getRevisions(context.services.db, 'lesson', loaded.lesson.id, [Number(formData.get('version'))]);
  const changes = diffSnapshots(base?.snapshot ?? {}, result.conflict.current as unknown as Record<string, unknown>);
  return data({ errors: result.errors, values, conflict: { changedBy: result.conflict.changedBy, version: result.conflict.currentVersion, changes } }, { status: 409 });
}

export default function EditLesson() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const conflict = actionData?.conflict;
  return (
    <div className="container page">
      <p>
        <Link to={`/lardomar/${d.slug}`}>← {d.title}</Link>
      </p>
      <h1>{t('lesson.edit.title', { title: d.title })}</h1>
      <ConflictNotice conflict={conflict} />
      <LessonForm
        key={conflict ? `conflict-${conflict.version}` : 'edit'}
        values={actionData?.values ?? d.values}
        initiatives={d.initiatives}
        errors={conflict ? undefined : actionData?.errors}
        version={conflict?.version ?? d.version}
        submitLabel="initiative.save"
      />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
