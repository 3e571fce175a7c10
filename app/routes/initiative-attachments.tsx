import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useParams } from '@remix-run/react';
import { ErrorSummary } from '../components/ui.tsx';
import { uploadAttachment } from '../content/attachments.server.ts';
import { loadInitiative } from '../content/initiatives.server.ts';
import { notFound, requireUser } from '../context.server.ts';
import { pathKey } from '../http/form.server.ts';
import { useT } from '../i18n/use-t.ts';

/** POST a file to attach it to the initiative (editors only). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadInitiative(context, params.slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  const result = await uploadAttachment(context, { contentType: 'initiative', contentId: loaded.initiative.id, canAttach: loaded.can.attach }, user.id, request);
  if (!result.ok) return data({ errors: result.errors }, { status: result.status });
  return redirect(`/insatser/${loaded.initiative.slug}#attachments`);
}

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/insatser/${encodeURIComponent(pathKey(params.slug))}`);
}

/** Shown only when an upload fails without JavaScript: the error, and the way back. */
export default function AttachmentUploadResult() {
  const actionData = useActionData<typeof action>();
  const { slug } = useParams();
  const t = useT();
  return (
    <div className="container page page--narrow">
      <h1>{t('initiative.attach')}</h1>
      <ErrorSummary errors={actionData?.errors} />
      <p>
        <Link to={`/insatser/${slug}#attachments`}>← {t('initiative.attachments')}</Link>
      </p>
    </div>
  );
}
