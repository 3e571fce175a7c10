import { createRequire } from 'node:module';
import type * as Router from '@remix-run/router';
import { describe, expect, it } from 'vitest';
import routes from '#app/routes.ts';

// Matches the app's real route list the way the server does, so a new `statistik/:code` cannot swallow static pages.
const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as typeof Router;
const tree = [{ id: 'root', path: '', children: routes.map((r) => ({ id: r.file, path: r.path, index: r.index })) }];
const fileFor = (path: string) => matchRoutes(tree as Parameters<typeof matchRoutes>[0], path)?.at(-1)?.route.id;

describe('map routes', () => {
  it('keeps /statistik/import on the import page while /statistik/<code> opens an indicator map', () => {
    expect(fileFor('/statistik/import')).toBe('routes/statistics/import.tsx');
    expect(fileFor('/statistik/framgangsfaktorer')).toBe('routes/statistics/success-factors.tsx');
    expect(fileFor('/statistik/sysselsattning')).toBe('routes/statistics/indicator-map.tsx');
    expect(fileFor('/statistik')).toBe('routes/statistics/indicators.tsx');
  });

  it('keeps /insatser/karta off the initiative pages', () => {
    expect(fileFor('/insatser/karta')).toBe('routes/content/initiatives/map.tsx');
    expect(fileFor('/insatser/ny')).toBe('routes/content/initiatives/new.tsx');
    expect(fileFor('/insatser/en-insats')).toBe('routes/content/initiatives/initiative.tsx');
  });
});
