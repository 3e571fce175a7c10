import type { LoaderFunctionArgs } from '@remix-run/node';
import { openApiDocument } from '#app/api/openapi.ts';
import { CORS_READ_HEADERS } from '#app/http/cors.ts';

let cached: { origin: string; body: string } | null = null;

/** /api/openapi.json: the OpenAPI 3.1 document, generated from the schemas the API answers with. */
export function loader({ context }: LoaderFunctionArgs) {
  const origin = context.services.config.publicUrl;
  if (cached?.origin !== origin) cached = { origin, body: JSON.stringify(openApiDocument(origin), null, 2) };
  return new Response(cached.body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...CORS_READ_HEADERS, 'Cache-Control': 'public, max-age=300' },
  });
}
