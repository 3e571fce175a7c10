import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { getReceivableNotification, markNotificationRead } from '#db/queries/notifications.server.ts';
import { notFound, requireUser, safeRedirectPath } from '#app/context.server.ts';

/**
 * Following a notification from the list: marks it read and leads on to what
 * it is about. Only the reader's own, only while they may still see it, and
 * only to a path on this site (a stored url is never an open redirect).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const found = await getReceivableNotification(context.services.db, user.id, id);
  if (!found) notFound();
  await markNotificationRead(context.services.db, user.id, id);
  return redirect(safeRedirectPath(found.url, '/aviseringar'));
}
