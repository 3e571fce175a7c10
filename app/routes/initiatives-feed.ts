import type { LoaderFunctionArgs } from '@remix-run/node';
import { listPublishedInitiatives } from '#db/queries/initiatives.ts';
import { parseBrowseFilters } from '../content/initiative-filters.ts';
import { renderAtom } from '../feeds/atom.ts';
import { translate } from '../i18n/index.ts';
import { ANONYMOUS, canReadVisibility } from '../policy.ts';
import { VISIBILITIES } from '#db/vocabulary.ts';

/**
 * Atom feed of newly published initiatives, optionally per theme (?tema=) or
 * area (?omrade=). Feed readers are anonymous, so only what anyone may read.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, config } = context.services;
  const url = new URL(request.url);
  const filters = parseBrowseFilters(url.searchParams);
  const { rows } = await listPublishedInitiatives(db, {
    ...filters,
    sort: 'newest',
    visibilities: VISIBILITIES.filter((v) => canReadVisibility(ANONYMOUS, v)),
    limit: 50,
    offset: 0,
  });
  const base = config.publicUrl;
  const xml = renderAtom({
    id: `${base}/insatser/flode${url.search}`,
    title: translate('sv', 'feed.initiatives.title'),
    selfUrl: `${base}/insatser/flode${url.search}`,
    siteUrl: `${base}/insatser`,
    updated: rows[0]?.publishedAt ?? new Date(0),
    entries: rows.map((r) => ({
      id: `${base}/insatser/${r.slug}`,
      title: r.title,
      url: `${base}/insatser/${r.slug}`,
      updated: r.updatedAt,
      published: r.publishedAt,
      summary: r.summary,
      author: r.organizationName,
      categories: [...r.themes, ...r.areaNames],
    })),
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
}
