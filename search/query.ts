/**
 * Builds the Meilisearch request for a reader's search. The visibility filter
 * is not optional: every request carries the keys the policy module allows.
 */
import type { SearchParams } from 'meilisearch';
import type { SearchableType } from './documents.server.ts';
import { FACETS } from './settings.ts';

export interface SearchFilters {
  type?: SearchableType;
  theme?: string;
  successFactor?: string;
  sector?: string;
  area?: string;
  status?: string;
  year?: number;
}

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  /** From the policy module: the visibility keys this reader may see. */
  visibilityKeys: string[];
  sort: 'relevance' | 'newest';
  page: number;
  hitsPerPage: number;
}

/** Marks around highlighted words: control characters that user text cannot contain after rendering. */
export const HIGHLIGHT_PRE = '\u0002';
export const HIGHLIGHT_POST = '\u0003';

const quote = (v: string | number) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function buildSearchParams(r: SearchRequest): SearchParams {
  if (r.visibilityKeys.length === 0) throw new Error('a search needs at least one visibility key');
  const filter: string[] = [`visibility IN [${r.visibilityKeys.map(quote).join(', ')}]`];
  const f = r.filters;
  if (f.type) filter.push(`type = ${quote(f.type)}`);
  if (f.theme) filter.push(`themes = ${quote(f.theme)}`);
  if (f.successFactor) filter.push(`successFactors = ${quote(f.successFactor)}`);
  if (f.sector) filter.push(`sector = ${quote(f.sector)}`);
  if (f.area) filter.push(`areaCodes = ${quote(f.area)}`);
  if (f.status) filter.push(`status = ${quote(f.status)}`);
  if (f.year) filter.push(`years = ${f.year}`);
  return {
    filter,
    facets: [...FACETS],
    page: r.page,
    hitsPerPage: r.hitsPerPage,
    sort: r.sort === 'newest' || r.q.trim() === '' ? ['publishedAt:desc'] : undefined,
    // What a result shows, and no more: Meilisearch repeats each of these in `_formatted` as well.
    attributesToRetrieve: ['id', 'type', 'path', 'title', 'summary', 'organization', 'areaNames'],
    attributesToHighlight: ['title', 'summary'],
    attributesToCrop: ['body'],
    cropLength: 28,
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
  };
}

/** Splits highlighted text into plain and marked parts, for rendering without HTML injection. */
export function highlightParts(text: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  const re = new RegExp(`${HIGHLIGHT_PRE}([^${HIGHLIGHT_POST}]*)${HIGHLIGHT_POST}`, 'g');
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), marked: false });
    parts.push({ text: m[1]!, marked: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), marked: false });
  return parts.map((p) => ({ ...p, text: p.text.replaceAll(HIGHLIGHT_PRE, '').replaceAll(HIGHLIGHT_POST, '') }));
}
