import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { attachmentResponse, findContentAttachment, removeAttachment } from '#app/content/attachments.server.ts';
import { loadInitiative } from '#app/content/initiatives.server.ts';
import { notFound, requireUser } from '#app/context.server.ts';
import { readForm } from '#app/http/form.server.ts';

/** Downloads follow the initiative's visibility: whoever may read it may fetch its files. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const loaded = await loadInitiative(context, params.slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  const row = await findContentAttachment(context, { contentType: 'initiative', contentId: loaded.initiative.id }, params.id ?? '');
  return attachmentResponse(context, row);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  await readForm(request);
  const loaded = await loadInitiative(context, params.slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  const row = await findContentAttachment(context, { contentType: 'initiative', contentId: loaded.initiative.id }, params.id ?? '');
  await removeAttachment(context, { contentType: 'initiative', contentId: loaded.initiative.id, canAttach: loaded.can.attach }, user.id, row);
  return redirect(`/insatser/${loaded.initiative.slug}#attachments`);
}
