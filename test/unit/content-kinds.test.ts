/**
 * The shared edit and history routes read their kind from the URL's first segment (app/content/kinds.ts);
 * these checks keep app/routes.ts and the kind table telling the same story.
 */
import { describe, expect, it } from 'vitest';
import routeConfig from '#app/routes.ts';
import { CONTENT_KINDS, contentKindOfPath, contentPath, type ContentKind } from '#app/content/kinds.ts';

type Entry = { id?: string; path?: string; file: string; children?: Entry[] };
const flatten = (entries: readonly Entry[], prefix = ''): { id?: string; path: string; file: string }[] =>
  entries.flatMap((e) => {
    const p = e.path === undefined ? prefix : `${prefix}/${e.path}`;
    return [{ id: e.id, path: p, file: e.file }, ...flatten(e.children ?? [], p)];
  });
const routes = flatten(routeConfig as readonly Entry[]);
const registered = (file: string) => routes.filter((r) => r.file === file);

describe('content kinds', () => {
  it('finds the kind from an address, and no kind elsewhere', () => {
    expect(contentKindOfPath('/insatser/sprakcafe/redigera')).toBe('initiative');
    expect(contentKindOfPath('/lardomar/x/historik')).toBe('lesson');
    expect(contentKindOfPath('/ogonblicksbilder/x/redigera')).toBe('snapshot');
    expect(contentKindOfPath('/insatserna/x/redigera')).toBeNull();
    expect(contentKindOfPath('/grupper/x')).toBeNull();
    expect(contentKindOfPath('/')).toBeNull();
    expect(contentPath('lesson', 'x', 'historik')).toBe('/lardomar/x/historik');
  });

  it('registers the shared edit route once per kind, under the kind’s own path and with the kind in its id', () => {
    const edits = registered('routes/content/edit.tsx');
    expect(edits.map((r) => [r.id, r.path])).toEqual(
      (Object.keys(CONTENT_KINDS) as ContentKind[]).map((kind) => [`${kind}-edit`, `${CONTENT_KINDS[kind].path}/:slug/redigera`]),
    );
  });

  it('registers the shared history route for the kinds that keep versions only (snapshots keep none)', () => {
    const histories = registered('routes/content/history.tsx');
    expect(histories.map((r) => [r.id, r.path])).toEqual([
      ['initiative-history', '/insatser/:slug/historik'],
      ['lesson-history', '/lardomar/:slug/historik'],
    ]);
    for (const r of histories) expect(r.id).toBe(`${contentKindOfPath(r.path)}-history`);
  });
});
