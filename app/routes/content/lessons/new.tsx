import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EMPTY_LESSON, LessonForm } from '#app/components/lesson-form.tsx';
import { Notice } from '#app/components/ui.tsx';
import { ownerChoices } from '#app/content/initiatives.server.ts';
import { lessonInitiativeChoices, lessonValuesFromFormData } from '#app/content/lesson-form.server.ts';
import { createLesson } from '#app/content/lessons.server.ts';
import { requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { editableOrganizationIds } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';
import { findLinkedInitiative } from '#db/queries/lessons.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'lesson.new.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const actor = await context.actor();
  const { db } = context.services;
  const [owners, initiatives] = await Promise.all([ownerChoices(db, actor), lessonInitiativeChoices(db, editableOrganizationIds(actor))]);
  // ?insats=<id> ("Skriv en lärdom" on an initiative's page) preselects that initiative, and its organisation as
  // the owner, when the writer may link it; anything else leaves both to choose.
  const asked = new URL(request.url).searchParams.get('insats') ?? '';
  const preselected = initiatives.some((i) => i.value === asked) ? asked : '';
  const linked = preselected ? await findLinkedInitiative(db, preselected) : undefined;
  const ownerFirst = (o: { id: string }) => (o.id === linked?.organizationId ? 0 : 1);
  return { locale: context.locale, owners: [...owners].sort((a, b) => ownerFirst(a) - ownerFirst(b)).map((o) => ({ value: o.id, label: o.name })), initiatives, preselected, linkedTitle: linked?.title ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const result = await createLesson(context, user.id, formData);
  if (!result.ok) return data({ errors: result.errors, values: lessonValuesFromFormData(formData) }, { status: result.status });
  return redirect(`/lardomar/${result.slug}`);
}

export default function NewLesson() {
  const { owners, initiatives, preselected, linkedTitle } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('lesson.new.title')}</h1>
      {owners.length === 0 ? (
        <Notice tone="warning">
          {t('initiative.new.noOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link>
        </Notice>
      ) : (
        <>
          <p className="lead">{t('lesson.new.lead')}</p>
          {linkedTitle ? <Notice>{t('lesson.new.fromInitiative', { title: linkedTitle })}</Notice> : null}
          <LessonForm item="lesson:new" values={actionData?.values ?? { ...EMPTY_LESSON, initiativeId: preselected }} initiatives={initiatives} owners={owners} errors={actionData?.errors} submitLabel="initiative.create" />
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
