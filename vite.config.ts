/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The browser gets only the reader's language catalog (issue 14): app/i18n/index.ts imports
 * `./catalogs.ts` (both catalogs, for the server, tests and scripts); in the client build (and the dev
 * server's browser modules) that import resolves to `./catalogs-browser.ts`, which loads one catalog with
 * a dynamic import. A plugin rather than a package.json `imports` condition ("browser"): the swap then
 * happens in Vite's client build alone, whatever conditions other tools (Vitest, tsx) resolve.
 */
function browserCatalogs(): Plugin {
  const i18n = fileURLToPath(new URL('./app/i18n/', import.meta.url));
  return {
    name: 'samverka:browser-catalogs',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options.ssr || source !== './catalogs.ts' || !importer?.startsWith(i18n)) return null;
      return i18n + 'catalogs-browser.ts';
    },
  };
}

const integration = ['test/integration/**/*.test.ts'];

export default defineConfig({
  server: { port: 3000 },
  // Keeps Vite's manifest (Remix moves it to build/.vite/, outside the served build/client) for bench/client-weight.ts.
  build: { target: 'es2022', manifest: true },
  // The Remix plugin builds the app; Vitest runs plain modules and needs none of it.
  plugins: process.env.VITEST
    ? []
    : [
        browserCatalogs(),
        remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
      ],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true as const, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] } },
      // The same integration suite runs against the real PostgreSQL server and against PGlite.
      ...(process.env.DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: integration, globalSetup: ['test/support/global-postgres.ts'], env: { SAMVERKA_TEST_DB: 'postgres' } } }]
        : []),
      { extends: true as const, test: { name: 'pglite', include: integration, globalSetup: ['test/support/global-pglite.ts'], env: { SAMVERKA_TEST_DB: 'pglite' } } },
      // Browser tests drive the built app in Chromium; one file at a time keeps two cores calm.
      { extends: true as const, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/global-build.ts'], fileParallelism: false, testTimeout: 120_000 } },
    ],
  },
});
