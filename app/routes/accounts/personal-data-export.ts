import type { LoaderFunctionArgs } from '@remix-run/node';
import { loadExportForDownload } from '#app/accounts/personal-data.server.ts';
import { requireUser } from '#app/context.server.ts';

/** The export file: a signed-in owner only (a link from mail sends others to sign in first). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const found = await loadExportForDownload(context, params.id ?? '');
  if (!found.ok) throw new Response(found.status === 410 ? 'this export has expired' : found.status === 403 ? 'forbidden' : 'not found', { status: found.status });
  const day = found.createdAt.toISOString().slice(0, 10);
  return new Response(found.content, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="samverka-mina-uppgifter-${day}.json"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
