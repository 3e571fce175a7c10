/**
 * The app's side of search: how content becomes text (the shared rich-text
 * walker, Swedish labels), and the reader's query with the policy's keys.
 */
import type { SearchResponse } from 'meilisearch';
import type { DocumentText, SearchableType } from '#search/documents.server.ts';
import { buildSearchParams, HIGHLIGHT_PRE, type SearchFilters } from '#search/query.ts';
import { reindex } from '#search/reindex.server.ts';
import { CONTENT_INDEX, type Facet } from '#search/settings.ts';
import { translate, type MessageKey } from './i18n/index.ts';
import { readerVisibilityKeys, type Actor } from './policy.ts';
import { richTextToPlainText } from './rich-text/document.server.ts';
import type { Services } from './services.server.ts';

/** Documents are indexed with Swedish labels, the language most searches are in. */
export const documentText: DocumentText = {
  plainText: richTextToPlainText,
  themeLabel: (code) => translate('sv', `theme.${code}` as MessageKey),
  successFactorLabel: (code) => translate('sv', `factor.${code}.name` as MessageKey),
};

/** One result as the search page shows it; title and summary carry highlight marks (HIGHLIGHT_PRE/POST). */
export interface SearchHit {
  id: string;
  type: SearchableType;
  /** Where the hit leads on this site. */
  path: string;
  title: string;
  summary: string;
  /** Words around a match in the body, or '' when the body has none (then the page shows no snippet). */
  snippet: string;
  organization: string;
  areaNames: string[];
}

export type SearchOutcome =
  | { ok: true; hits: SearchHit[]; total: number; pages: number; facets: Partial<Record<Facet, Record<string, number>>>; processingTimeMs: number }
  | { ok: false; reason: 'unavailable' };

/** Runs a reader's search; Meilisearch being away is an answer, not an exception. */
export async function searchContent(
  services: Services,
  actor: Actor,
  input: { q: string; filters: SearchFilters; sort: 'relevance' | 'newest'; page: number; hitsPerPage?: number },
): Promise<SearchOutcome> {
  if (!services.search.available) return { ok: false, reason: 'unavailable' };
  const hitsPerPage = input.hitsPerPage ?? 20;
  const params = buildSearchParams({ ...input, hitsPerPage, visibilityKeys: readerVisibilityKeys(actor) });
  try {
    // With page/hitsPerPage Meilisearch answers with exact totals (totalHits, totalPages).
    // A stalled Meilisearch must not hold the page: after the deadline it counts as unavailable.
    const signal = AbortSignal.timeout(services.config.SEARCH_TIMEOUT_MS);
    const res = (await services.search.client.index(CONTENT_INDEX).search(input.q, params, { signal })) as SearchResponse & { totalHits?: number; totalPages?: number };
    return {
      ok: true,
      total: res.totalHits ?? 0,
      pages: res.totalPages ?? 1,
      facets: (res.facetDistribution ?? {}) as Partial<Record<Facet, Record<string, number>>>,
      processingTimeMs: res.processingTimeMs,
      hits: res.hits.map((h) => {
        const f = (h._formatted ?? {}) as Record<string, unknown>;
        return {
          id: String(h.id),
          type: h.type as SearchHit['type'],
          path: String(h.path),
          title: String(f.title ?? h.title),
          summary: String(f.summary ?? h.summary),
          snippet: typeof f.body === 'string' && f.body.includes(HIGHLIGHT_PRE) ? f.body : '',
          organization: String(h.organization),
          areaNames: (h.areaNames as string[]) ?? [],
        };
      }),
    };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}

/**
 * On a first start (fresh index, existing content such as the demo seed) the
 * index is built at once instead of waiting for someone to ask for a reindex.
 */
export async function reindexIfEmpty(services: Services, log: (line: string) => void): Promise<void> {
  if (!services.search.available) return;
  const { client } = services.search;
  const stats = await client.index(CONTENT_INDEX).getStats().catch(() => null);
  if (!stats || stats.numberOfDocuments > 0) return;
  const result = await reindex(services.db, client, documentText);
  if (result.indexed > 0) log(`Search: indexed ${result.indexed} documents.`);
}
