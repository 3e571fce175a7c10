/**
 * The server's route matching runs on a patched @remix-run/router (README,
 * "Patched dependencies"): ranked branches and compiled paths are cached. These
 * tests check that the patch is installed and that matching stays right when
 * the cache is warm, when case sensitivity differs, and when routes are added
 * to a tree already matched against (as lazy route discovery does).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as Router from '@remix-run/router';
import { describe, expect, it } from 'vitest';

// The CommonJS build is the one the server runtime loads.
const require = createRequire(import.meta.url);
const routerPath = require.resolve('@remix-run/router');
const { matchRoutes } = require('@remix-run/router') as typeof Router;

type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
const match = (routes: Route[], path: string) => matchRoutes(routes as Parameters<typeof matchRoutes>[0], path);
const ids = (routes: Route[], path: string) => match(routes, path)?.map((m) => m.route.id) ?? null;

function appLike(): Route[] {
  return [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'home', index: true },
        { id: 'search', path: 'sok' },
        { id: 'initiatives', path: 'insatser' },
        { id: 'new-initiative', path: 'insatser/ny' },
        { id: 'initiative', path: 'insatser/:slug' },
        { id: 'group', path: 'grupper/:slug', children: [{ id: 'group-overview', index: true }, { id: 'group-threads', path: 'diskussioner' }] },
        { id: 'Case', path: 'Exakt', caseSensitive: true },
        { id: 'files', path: 'filer/*' },
      ],
    },
  ];
}

describe('route matching (patched @remix-run/router)', () => {
  it('is the patched build', () => {
    expect(fs.readFileSync(routerPath, 'utf8')).toContain('rankedBranchesCache');
  });

  it('matches the same paths with the same params however often it is asked', () => {
    const routes = appLike();
    for (let i = 0; i < 3; i++) {
      expect(ids(routes, '/sok')).toEqual(['root', 'search']);
      expect(ids(routes, '/insatser/ny')).toEqual(['root', 'new-initiative']);
      expect(ids(routes, '/')).toEqual(['root', 'home']);
      expect(match(routes, '/insatser/lax-hjalp')?.at(-1)?.params).toEqual({ slug: 'lax-hjalp' });
      expect(ids(routes, '/grupper/skane/diskussioner')).toEqual(['root', 'group', 'group-threads']);
      expect(match(routes, '/filer/a/b.pdf')?.at(-1)?.params['*']).toBe('a/b.pdf');
      expect(ids(routes, '/finns-inte')).toBeNull();
    }
  });

  it('keeps case-sensitive and case-insensitive patterns of one path apart', () => {
    const sensitive = appLike();
    expect(ids(sensitive, '/Exakt')).toEqual(['root', 'Case']);
    expect(ids(sensitive, '/exakt')).toBeNull();
    const insensitive: Route[] = [{ id: 'root', path: '', children: [{ id: 'loose', path: 'Exakt' }] }];
    expect(ids(insensitive, '/exakt')).toEqual(['root', 'loose']);
    expect(ids(sensitive, '/exakt')).toBeNull();
  });

  it('sees routes added in place to a tree it has already matched against', () => {
    const routes = appLike();
    expect(ids(routes, '/grupper/skane/moten')).toBeNull();
    routes[0]!.children![5]!.children!.push({ id: 'group-meetings', path: 'moten' });
    expect(ids(routes, '/grupper/skane/moten')).toEqual(['root', 'group', 'group-meetings']);
    routes[0]!.children!.push({ id: 'about', path: 'om' });
    expect(ids(routes, '/om')).toEqual(['root', 'about']);
  });
});
