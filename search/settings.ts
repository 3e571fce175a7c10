import type { Settings } from 'meilisearch';
import { synonymsSetting } from './synonyms.ts';

/** The one index of everything a reader can search. Reindexing builds a fresh one and swaps it in under this name. */
export const CONTENT_INDEX = 'content';

/** Facets offered on the search page, in display order. */
export const FACETS = ['type', 'themes', 'successFactors', 'sector', 'areaCodes', 'status', 'years'] as const;
export type Facet = (typeof FACETS)[number];

/** The most values of one facet the search page shows. */
export const FACET_VALUES_SHOWN = 20;

export const contentIndexSettings: Settings = {
  // Order matters: a hit in the title ranks above one in the body.
  searchableAttributes: ['title', 'summary', 'plainSummary', 'body', 'organization', 'areaNames', 'themeLabels', 'successFactorLabels', 'synonyms', 'comments'],
  // `id`: a saved-search follow asks whether its search finds one newly published document (app/follows/saved-search.server.ts).
  filterableAttributes: ['visibility', ...FACETS, 'organizationId', 'id'],
  sortableAttributes: ['publishedAt', 'title'],
  displayedAttributes: ['*'],
  // Only as many values per facet as the search page shows (the most common first; app/routes/site/search.tsx
  // trims the area facet to 12): Meilisearch then collects 20 instead of 400 area codes per request, where the long area
  // facet was 44 % of its time (issue 15). Raise it together with what the page shows.
  faceting: { maxValuesPerFacet: FACET_VALUES_SHOWN, sortFacetValuesBy: { '*': 'count' } },
  pagination: { maxTotalHits: 5000 },
  // Swedish: å, ä, ö stay letters of their own ("ål" does not find "Alen"), while typos still match.
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['swe'] }],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  // Kept for when Meilisearch applies it to localized attributes; until then documents carry their synonyms (documents.ts).
  synonyms: synonymsSetting(),
  // The commonest Swedish function words; they only add noise to ranking.
  stopWords: ['och', 'i', 'att', 'det', 'som', 'en', 'på', 'är', 'av', 'för', 'med', 'till', 'den', 'har', 'de', 'ett', 'om', 'så', 'men', 'var'],
};
