import type { LoaderFunctionArgs } from '@remix-run/node';
import { listPublishedInitiatives } from '#db/queries/initiatives.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import { toCsv } from '#app/feeds/csv.ts';
import { ANONYMOUS, canReadVisibility } from '#app/policy.ts';

/**
 * Open data: every public, published initiative with its area codes, themes
 * and success factors, as CSV (/oppna-data/insatser.csv) or JSON
 * (/oppna-data/insatser.json). Documented in the README.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const format = new URL(request.url).pathname.split('.').pop();
  if (format !== 'csv' && format !== 'json') throw new Response('not found', { status: 404 });
  const { db, config } = context.services;
  const visibilities = VISIBILITIES.filter((v) => canReadVisibility(ANONYMOUS, v));
  const all: Awaited<ReturnType<typeof listPublishedInitiatives>>['rows'] = [];
  for (let offset = 0; ; offset += 500) {
    const { rows } = await listPublishedInitiatives(db, { visibilities, sort: 'oldest', limit: 500, offset });
    all.push(...rows);
    if (rows.length < 500) break;
  }
  const records = all.map((r) => ({
    id: r.id,
    url: `${config.publicUrl}/insatser/${r.slug}`,
    title: r.title,
    summary: r.summary,
    plainSummary: r.plainSummary,
    status: r.status,
    startDate: r.startDate,
    endDate: r.endDate,
    organization: r.organizationName,
    sector: r.sector,
    areaCodes: r.areaCodes,
    themes: r.themes,
    successFactors: r.successFactors,
    publishedAt: r.publishedAt?.toISOString() ?? null,
  }));
  const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' };
  if (format === 'json') {
    return new Response(JSON.stringify({ license: 'CC BY 4.0', generatedAt: new Date().toISOString(), initiatives: records }, null, 2), {
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
    });
  }
  const csv = toCsv(
    ['id', 'url', 'title', 'summary', 'plain_summary', 'status', 'start_date', 'end_date', 'organization', 'sector', 'area_codes', 'themes', 'success_factors', 'published_at'],
    records.map((r) => [r.id, r.url, r.title, r.summary, r.plainSummary, r.status, r.startDate, r.endDate, r.organization, r.sector, r.areaCodes.join(';'), r.themes.join(';'), r.successFactors.join(';'), r.publishedAt]),
  );
  return new Response(csv, {
    headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="samverka-insatser.csv"' },
  });
}
