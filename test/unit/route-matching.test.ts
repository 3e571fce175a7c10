/**
 * The server's route matching runs on a patched @remix-run/router (README,
 * "Patched dependencies"): ranked branches and compiled paths are cached, and
 * only branches whose first word can match the path's are tried; Remix's
 * server routes and React Router's static data routes are made once per build.
 * These tests check that the patches are installed and that matching stays
 * right when the cache is warm, when case sensitivity differs, when a route
 * starts with a parameter or a splat, and when lazy route discovery adds
 * routes to a tree already matched against.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as Router from '@remix-run/router';
import type * as RouterDomServer from 'react-router-dom/server';
import { describe, expect, it } from 'vitest';

// The CommonJS build is the one the server runtime loads.
const require = createRequire(import.meta.url);
const routerPath = require.resolve('@remix-run/router');
const { createMemoryHistory, createRouter, matchRoutes } = require('@remix-run/router') as typeof Router;
const { createStaticRouter } = require('react-router-dom/server') as typeof RouterDomServer;

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
    expect(fs.readFileSync(routerPath, 'utf8')).toContain('fixedWords');
    expect(fs.readFileSync(require.resolve('@remix-run/react/dist/server.js'), 'utf8')).toContain('serverRoutesCache');
    expect(fs.readFileSync(require.resolve('react-router-dom/server'), 'utf8')).toContain('dataRoutesCache');
  });

  it('tries only the branches that can match the first word, and still finds parameters and splats', () => {
    const routes: Route[] = [
      {
        id: 'root',
        path: '',
        children: [
          { id: 'home', index: true },
          { id: 'search', path: 'sok' },
          { id: 'account', path: 'konto', children: [{ id: 'account-index', index: true }, { id: 'personal', path: 'personuppgifter' }] },
          { id: 'localized', path: ':lang/om' },
          { id: 'anything', path: '*' },
        ],
      },
    ];
    for (let i = 0; i < 2; i++) {
      expect(ids(routes, '/sok')).toEqual(['root', 'search']);
      expect(ids(routes, '/SOK/')).toEqual(['root', 'search']);
      expect(ids(routes, '/konto')).toEqual(['root', 'account', 'account-index']);
      expect(ids(routes, '/Konto/Personuppgifter')).toEqual(['root', 'account', 'personal']);
      // A first word no fixed route has: only parameter and splat branches are left.
      expect(match(routes, '/en/om')?.at(-1)?.params).toEqual({ lang: 'en' });
      // A fixed first word whose fixed branches do not match falls through to a parameter branch.
      expect(match(routes, '/sok/om')?.at(-1)?.params).toEqual({ lang: 'sok' });
      expect(match(routes, '/konto/okand')?.at(-1)?.route.id).toBe('anything');
      expect(match(routes, '/finns-inte/alls')?.at(-1)?.params['*']).toBe('finns-inte/alls');
      expect(ids(routes, '/')).toEqual(['root', 'home']);
      expect(match(routes, '/s%C3%B6k')?.at(-1)?.params['*']).toBe('sök');
    }
  });

  it('converts the routes for a static render once, and matches each render on its own', () => {
    const routes = appLike() as Parameters<typeof createStaticRouter>[0];
    const context = (path: string) => {
      const matches = matchRoutes(routes, path)!;
      return { basename: '/', location: { pathname: path, search: '', hash: '', state: null, key: 'default' }, matches, loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null } as unknown as Parameters<typeof createStaticRouter>[1];
    };
    const first = createStaticRouter(routes, context('/sok'));
    const second = createStaticRouter(routes, context('/insatser/lax'));
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(['root', 'search']);
    expect(second.state.matches.at(-1)?.params).toEqual({ slug: 'lax' });
    // The matches carry the converted route objects, as before the patch.
    expect(second.state.matches.at(-1)?.route).toBe(first.routes[0]!.children!.find((r) => r.id === 'initiative'));
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

  it('sees routes added to a tree it has already matched against (lazy route discovery)', () => {
    const router = createRouter({ routes: appLike() as Parameters<typeof createRouter>[0]['routes'], history: createMemoryHistory() });
    const routes = router.routes as Route[];
    expect(ids(routes, '/grupper/skane/moten')).toBeNull();
    router.patchRoutes('group', [{ id: 'group-meetings', path: 'moten' }]);
    // The same top-level array, already cached, whose nested children grew.
    expect(ids(routes, '/grupper/skane/moten')).toEqual(['root', 'group', 'group-meetings']);
    expect(ids(router.routes as Route[], '/grupper/skane/moten')).toEqual(['root', 'group', 'group-meetings']);
    router.patchRoutes(null, [{ id: 'about', path: 'om' }]);
    expect(ids(router.routes as Route[], '/om')).toEqual(['about']);
    router.dispose();
  });
});
