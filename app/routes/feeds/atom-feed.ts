import type { LoaderFunctionArgs } from '@remix-run/node';
import { listPublishedInitiatives } from '#db/queries/initiatives.server.ts';
import { listPublishedLessons } from '#db/queries/lessons.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import { parseBrowseFilters } from '#app/content/initiative-filters.ts';
import { renderAtom, type AtomEntry } from '#app/feeds/atom.ts';
import { translate } from '#app/i18n/index.ts';
import { ANONYMOUS, canReadVisibility } from '#app/policy.ts';

const FEED_SIZE = 50;

/**
 * Atom feed of newly published initiatives and lessons learned, for all of
 * Sweden or per theme (?tema=) and area (?omrade=, a kommun or län code).
 * Feed readers are anonymous, so only what anyone may read.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, config } = context.services;
  const url = new URL(request.url);
  const { area, theme } = parseBrowseFilters(url.searchParams);
  const visibilities = VISIBILITIES.filter((v) => canReadVisibility(ANONYMOUS, v));
  const [initiatives, lessons] = await Promise.all([
    listPublishedInitiatives(db, { visibilities, area, theme, sort: 'newest', limit: FEED_SIZE, offset: 0 }),
    listPublishedLessons(db, { visibilities, area, theme, limit: FEED_SIZE, offset: 0 }),
  ]);
  const base = config.publicUrl;
  const entries: AtomEntry[] = [
    ...initiatives.rows.map((r) => ({
      id: `${base}/insatser/${r.slug}`,
      title: r.title,
      url: `${base}/insatser/${r.slug}`,
      updated: r.updatedAt,
      published: r.publishedAt,
      summary: r.summary,
      author: r.organizationName,
      categories: ['insats', ...r.themes, ...r.areaNames],
    })),
    ...lessons.rows.map((r) => ({
      id: `${base}/lardomar/${r.slug}`,
      title: r.title,
      url: `${base}/lardomar/${r.slug}`,
      updated: r.updatedAt,
      published: r.publishedAt,
      summary: r.summary,
      author: r.organizationName,
      categories: ['lärdom', ...r.themes],
    })),
  ]
    .sort((a, b) => (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0))
    .slice(0, FEED_SIZE);
  const self = `${base}/flode${url.search}`;
  const xml = renderAtom({
    id: self,
    title: translate('sv', 'feed.title'),
    selfUrl: self,
    siteUrl: `${base}/insatser`,
    updated: entries[0]?.published ?? new Date(0),
    entries,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
}
