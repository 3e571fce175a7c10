import { describe, expect, it } from 'vitest';
import { buildSearchParams, highlightParts, HIGHLIGHT_POST, HIGHLIGHT_PRE } from '#search/query.ts';
import { synonymsFor, synonymsSetting } from '#search/synonyms.ts';

const base = { q: 'läxhjälp', filters: {}, sort: 'relevance' as const, page: 1, hitsPerPage: 20 };

describe('search request', () => {
  it('always filters on the reader’s visibility keys', () => {
    expect(buildSearchParams({ ...base, visibilityKeys: ['public'] }).filter).toEqual(['visibility IN ["public"]']);
    expect(() => buildSearchParams({ ...base, visibilityKeys: [] })).toThrow(/visibility key/);
  });
  it('quotes filter values so they cannot break out of the expression', () => {
    const params = buildSearchParams({ ...base, visibilityKeys: ['public'], filters: { theme: 'x" OR visibility = "partners', area: '1280', year: 2024 } });
    expect(params.filter).toEqual(['visibility IN ["public"]', 'themes = "x\\" OR visibility = \\"partners"', 'areaCodes = "1280"', 'years = 2024']);
  });
  it('sorts by date for an empty query or when asked', () => {
    expect(buildSearchParams({ ...base, visibilityKeys: ['public'] }).sort).toBeUndefined();
    expect(buildSearchParams({ ...base, q: '', visibilityKeys: ['public'] }).sort).toEqual(['publishedAt:desc']);
    expect(buildSearchParams({ ...base, sort: 'newest', visibilityKeys: ['public'] }).sort).toEqual(['publishedAt:desc']);
  });
  it('splits highlights into marked and plain text', () => {
    expect(highlightParts(`Läxhjälp i ${HIGHLIGHT_PRE}Rosengård${HIGHLIGHT_POST} <b>`)).toEqual([
      { text: 'Läxhjälp i ', marked: false },
      { text: 'Rosengård', marked: true },
      { text: ' <b>', marked: false },
    ]);
  });
});

describe('synonyms', () => {
  it('are mutual within a group', () => {
    const s = synonymsSetting([['sfi', 'svenska för invandrare']]);
    expect(s).toEqual({ sfi: ['svenska för invandrare'], 'svenska för invandrare': ['sfi'] });
  });
  it('are added for whole words only, whatever the case', () => {
    expect(synonymsFor('Samarbete med Arbetsförmedlingen och SFI-lärare')).toEqual(expect.arrayContaining(['af', 'svenska för invandrare']));
    expect(synonymsFor('Stafett och safari')).toEqual([]); // "af" inside words does not count
  });
});
