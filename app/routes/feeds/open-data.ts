import type { LoaderFunctionArgs } from '@remix-run/node';
import { CORS_READ_HEADERS } from '#app/http/cors.ts';
import { csvFile, csvMetadataFile, jsonFile, LICENCE, openDatasetAt } from '#app/open-data/datasets.server.ts';

/**
 * Open data files (issue 18), one dataset each (app/open-data/datasets.server.ts): public, published
 * initiatives (/oppna-data/insatser), lessons (/oppna-data/lardomar), snapshots (/oppna-data/ogonblicksbilder)
 * and each indicator's values with their provenance (/oppna-data/indikatorvarden/<code>), each as
 * `.csv`, `.json` and the CSV's W3C CSVW description `.csv-metadata.json`. Every file states its licence
 * and what its columns mean (the JSON in itself, the CSV in its description, linked by `Link: rel=describedby`).
 * Readable cross-origin, as the API is (app/http/cors.ts). Documented in the README.
 */
const SUFFIXES = [
  ['.csv-metadata.json', 'csvm'],
  ['.csv', 'csv'],
  ['.json', 'json'],
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const pathname = decodeURIComponent(new URL(request.url).pathname);
  const rest = pathname.replace(/^\/oppna-data\//, '');
  const [suffix, kind] = SUFFIXES.find(([s]) => rest.endsWith(s)) ?? [];
  const notFound = () => new Response('Ingen sådan fil med öppna data. / No such open data file: see /oppna-data\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!suffix || !kind) return notFound();
  const { db, config } = context.services;
  const origin = config.publicUrl;
  const dataset = await openDatasetAt(db, origin, rest.slice(0, -suffix.length));
  if (!dataset) return notFound();
  const name = `samverka-${dataset.path.replace(/\//g, '-')}`;
  const headers = { ...CORS_READ_HEADERS, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' };
  if (kind === 'csvm') {
    return new Response(JSON.stringify(csvMetadataFile(dataset, origin), null, 2), { headers: { ...headers, 'Content-Type': 'application/csvm+json; charset=utf-8' } });
  }
  const rows = await dataset.rows();
  if (kind === 'json') {
    return new Response(JSON.stringify(jsonFile(dataset, rows, origin), null, 2), { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
  }
  return new Response(csvFile(dataset, rows), {
    headers: {
      ...headers,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
      Link: `<${origin}/oppna-data/${dataset.path}.csv-metadata.json>; rel="describedby"; type="application/csvm+json", <${LICENCE.uri}>; rel="license"`,
    },
  });
}
