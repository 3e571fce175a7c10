import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorSummary } from '#app/components/ui.tsx';
import { uploadAttachment } from '#app/content/attachments.server.ts';
import { loadInitiative } from '#app/content/initiatives.server.ts';
import { notFound, requireUser } from '#app/context.server.ts';
import { pathKey } from '#app/http/form.server.ts';
import { useT } from '#app/i18n/use-t.ts';

/** POST a file to attach it to the initiative (editors only). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadInitiative(context, params.slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  const result = await uploadAttachment(context, { contentType: 'initiative', contentId: loaded.initiative.id, canAttach: loaded.can.attach }, user.id, request);
  if (!result.ok) return data({ errors: result.errors }, { status: result.status });
  return redirect(`/insatser/${loaded.initiative.slug}#attachments`);
}

/**
 * Renders the upload page rather than redirecting: after a refused upload
 * without JavaScript, Remix runs this loader for the same document, and a
 * redirect here used to replace the page that shows why (415, 413).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const loaded = await loadInitiative(context, pathKey(params.slug));
  if (!loaded || !loaded.can.view) notFound();
  if (!loaded.can.attach) return redirect(`/insatser/${loaded.initiative.slug}#attachments`);
  return { slug: loaded.initiative.slug, title: loaded.initiative.title };
}

/** The upload form on a page of its own: where a refused upload lands, with the reason and a second try. */
export default function AttachmentUpload() {
  const { slug, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page page--narrow">
      <h1>{t('initiative.attach')}</h1>
      <p className="lead">{title}</p>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" encType="multipart/form-data" className="form">
        <div className="field">
          {/* id as the error summary links it */}
          <label htmlFor="field-file">{t('initiative.attach')}</label>
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg"
            aria-describedby="attachment-hint"
            aria-invalid={actionData?.errors.file ? true : undefined}
          />
          <span id="attachment-hint" className="field__hint">
            {t('initiative.attachHint')}
          </span>
        </div>
        <button type="submit" className="button">
          {t('initiative.attachSubmit')}
        </button>
      </Form>
      <p>
        <Link to={`/insatser/${slug}#attachments`}>← {t('initiative.attachments')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
