/**
 * A search as the search page reads it from its address, and the same search
 * as a saved-search follow keeps it: a canonical query string (the words and
 * the filters, in a fixed order; never the sort order or the page), so the
 * same search followed twice is the same key.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { findFollowedPiece, followersOf } from '#db/queries/follows.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { follows } from '#db/schema/index.server.ts';
import { documentId } from '#search/documents.server.ts';
import { applySearchSync } from '#search/outbox.server.ts';
import { buildSearchParams } from '#search/query.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { FOLLOWED_CONTENT_TYPES, visibilityKey, type FollowedContentType } from '#app/vocabulary.ts';
import { isHidden } from '../policy.ts';
import { documentText } from '../search.server.ts';
import type { Services } from '../services.server.ts';
import { tellFollowers } from './follows.server.ts';
import { INITIATIVE_STATUSES, SECTORS, SUCCESS_FACTORS, THEMES } from '#app/vocabulary.ts';
import { SEARCHABLE_TYPES } from '#search/documents.server.ts';
import type { SearchFilters } from '#search/query.ts';

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v && (values as readonly string[]).includes(v) ? (v as T) : undefined);

/** The query text a search keeps: trimmed, at most 200 characters. */
export const SEARCH_QUERY_MAX = 200;

/** Query-string parameters (Swedish, as in shared links) → search input. */
export function parseSearch(params: URLSearchParams) {
  const year = Number(params.get('ar'));
  const page = Number(params.get('sida'));
  const area = params.get('omrade');
  const filters: SearchFilters = {
    type: oneOf(SEARCHABLE_TYPES, params.get('typ')),
    theme: oneOf(THEMES, params.get('tema')),
    successFactor: oneOf(SUCCESS_FACTORS, params.get('faktor')),
    sector: oneOf(SECTORS, params.get('sektor')),
    status: oneOf(INITIATIVE_STATUSES, params.get('status')),
    area: area && /^(\d{2}|\d{4})$/.test(area) ? area : undefined,
    year: Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : undefined,
  };
  return {
    q: (params.get('q') ?? '').trim().slice(0, SEARCH_QUERY_MAX),
    filters,
    sort: params.get('sortera') === 'nyast' ? ('newest' as const) : ('relevance' as const),
    page: Number.isInteger(page) && page > 0 && page <= 250 ? page : 1,
  };
}

/** Filter → its query parameter, in the order a saved search's key lists them. */
const FILTER_PARAMS: [keyof SearchFilters, string][] = [
  ['type', 'typ'],
  ['theme', 'tema'],
  ['successFactor', 'faktor'],
  ['sector', 'sektor'],
  ['area', 'omrade'],
  ['status', 'status'],
  ['year', 'ar'],
];

export interface SavedSearch {
  q: string;
  filters: SearchFilters;
}

/** The key of a saved-search follow (also the query string of its search page), or '' for a search of everything, which cannot be followed. */
export function savedSearchKey(search: SavedSearch): string {
  const params = new URLSearchParams();
  // Case and spacing do not change what Meilisearch finds: "Läxhjälp  Malmö" and "läxhjälp malmö" are one follow.
  const q = search.q.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  if (q) params.set('q', q);
  for (const [filter, param] of FILTER_PARAMS) {
    const value = search.filters[filter];
    if (value !== undefined) params.set(param, String(value));
  }
  return params.toString();
}

/** A saved search back from its key; null when the key is not one `savedSearchKey` makes (so nothing else can be followed as a search). */
export function parseSavedSearchKey(key: string): SavedSearch | null {
  if (key === '' || key.length > 1000) return null;
  const { q, filters } = parseSearch(new URLSearchParams(key));
  const search = { q, filters };
  // A search for groups or threads would never tell of anything: only initiatives, lessons and snapshots are followed.
  if (filters.type && !(FOLLOWED_CONTENT_TYPES as readonly string[]).includes(filters.type)) return null;
  return savedSearchKey(search) === key ? search : null;
}

/** Matching a newly published piece against saved searches: a job, because the piece must be in the search index first. */
export const SEARCH_FOLLOW_JOB = 'follows.search_match';
/** Like search sync, the job waits while Meilisearch is away and catches up when it returns. */
const SEARCH_FOLLOW_JOB_ATTEMPTS = 1_000_000;

export interface SearchFollowJob {
  type: FollowedContentType;
  id: string;
  actorId: string;
}

/** Enqueued in the publishing transaction, after the search sync job for the same piece. */
export async function enqueueSearchFollowMatch(tx: Db, job: SearchFollowJob): Promise<void> {
  await enqueueJob(tx, SEARCH_FOLLOW_JOB, { ...job }, { maxAttempts: SEARCH_FOLLOW_JOB_ATTEMPTS });
}

/**
 * Tells the people who follow a saved search that the piece matches. The
 * piece's document is brought up to date first (a sync is idempotent, so
 * racing the outbox's own sync job does no harm); then one Meilisearch request
 * asks, for every distinct saved search, whether a search with its words and
 * filters restricted to this one document finds it — the same engine, words,
 * typo tolerance and synonyms the follower's search page uses. Who may read
 * the piece is asked of the policy module, as for other follows, and the
 * shared `follow_notices` claim keeps it to one notice per piece and person.
 */
export async function runSearchFollowMatch(services: Services, payload: Record<string, unknown>): Promise<void> {
  const { type, id, actorId } = payload as unknown as SearchFollowJob;
  const { db } = services;
  const keys = (await db.selectDistinct({ key: follows.key }).from(follows).where(eq(follows.kind, 'search'))).map((r) => r.key);
  if (keys.length === 0) return;
  const piece = await findFollowedPiece(db, type, id);
  if (!piece || piece.state !== 'published' || isHidden(piece)) return;
  if (!services.search.available) throw new Error('search is unavailable');
  const { client } = services.search;
  await applySearchSync(db, client, [{ type, id }], documentText);
  const searches = keys.flatMap((key) => {
    const saved = parseSavedSearchKey(key);
    return saved ? [{ key, saved }] : [];
  });
  // The document's own visibility key: the match asks only "do these words and filters find it"; who may read it is the policy's answer below.
  const own = visibilityKey(piece.visibility, piece.groupId);
  const { results } = await client.multiSearch({
    queries: searches.map(({ saved }) => {
      const { filter } = buildSearchParams({ q: saved.q, filters: saved.filters, visibilityKeys: [own], sort: 'relevance', page: 1, hitsPerPage: 1 });
      return { indexUid: CONTENT_INDEX, q: saved.q, filter: [...(filter as string[]), `id = "${documentId({ type, id })}"`], limit: 1, attributesToRetrieve: ['id'] };
    }),
  });
  const matched = searches.filter((_, i) => (results[i]?.hits.length ?? 0) > 0).map((s) => s.key);
  if (matched.length === 0) return;
  await db.transaction(async (tx) => {
    // Read again inside the transaction: unpublished meanwhile, nobody hears of it.
    const now = await findFollowedPiece(tx, type, id);
    if (!now || now.state !== 'published' || isHidden(now)) return;
    const followers = await followersOf(
      tx,
      matched.map((key) => ({ kind: 'search' as const, key })),
    );
    await tellFollowers(tx, now, followers, actorId);
  });
}
