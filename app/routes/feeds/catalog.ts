import type { LoaderFunctionArgs } from '@remix-run/node';
import Negotiator from 'negotiator';
import { CORS_READ_HEADERS } from '#app/http/cors.ts';
import { buildCatalogue, catalogueJsonLd, catalogueTurtle } from '#app/open-data/dcat.server.ts';

/** What /oppna-data/katalog answers with, in the order chosen when the caller accepts anything (harvesters often send no Accept). */
const TYPES = ['text/turtle', 'application/ld+json', 'application/json', 'text/html'] as const;

/**
 * /oppna-data/katalog: the DCAT-AP-SE catalogue of Samverka's open data (app/open-data/dcat.server.ts), by
 * content negotiation on `Accept`: Turtle, JSON-LD (`application/json` too), or, for a browser, a 303 to the
 * page that shows it to people (/oppna-data), as the W3C's "Cool URIs for the Semantic Web" has it.
 * /oppna-data/katalog.ttl and /oppna-data/katalog.jsonld name a format by path. 406 when nothing fits.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const path = new URL(request.url).pathname;
  const byPath = path.endsWith('.ttl') ? 'text/turtle' : path.endsWith('.jsonld') ? 'application/ld+json' : null;
  const accept = request.headers.get('accept');
  const type = byPath ?? new Negotiator({ headers: accept ? { accept } : {} }).mediaType([...TYPES]);
  const headers: Record<string, string> = { ...CORS_READ_HEADERS, 'Cache-Control': 'public, max-age=300' };
  if (!byPath) headers.Vary = 'Accept';
  if (!type) {
    return new Response(`Katalogen finns som / The catalogue is served as: ${TYPES.join(', ')}\n`, { status: 406, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (type === 'text/html') return new Response(null, { status: 303, headers: { ...headers, Location: '/oppna-data' } });
  const catalogue = await buildCatalogue(context.services.db, context.services.config);
  if (catalogue.modified) headers['Last-Modified'] = catalogue.modified.toUTCString();
  if (type === 'text/turtle') {
    return new Response(await catalogueTurtle(catalogue), { headers: { ...headers, 'Content-Type': 'text/turtle; charset=utf-8' } });
  }
  return new Response(JSON.stringify(await catalogueJsonLd(catalogue), null, 2), {
    headers: { ...headers, 'Content-Type': `${type === 'application/json' ? 'application/json' : 'application/ld+json'}; charset=utf-8` },
  });
}
