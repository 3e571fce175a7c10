/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';
import { precompileCatalog } from './app/i18n/precompile.ts';

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
 * The same plugin pre-parses the ICU messages of the browser's catalogs and gives the browser FormatJS's
 * parser-less build, so the message parser never ships (app/i18n/precompile.ts).
 */
function browserCatalogs(): Plugin {
  const i18n = fileURLToPath(new URL('./app/i18n/', import.meta.url));
  const catalogFiles: Record<string, string> = { [i18n + 'sv.ts']: 'sv-SE', [i18n + 'en.ts']: 'en-GB' };
  // FormatJS's own build without the message parser: the browser's catalogs arrive pre-parsed (below).
  const noParser = createRequire(import.meta.url).resolve('@formatjs/icu-messageformat-parser/no-parser.js');
  return {
    name: 'samverka:browser-catalogs',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options.ssr) return null;
      if (source === '@formatjs/icu-messageformat-parser') return noParser;
      if (source !== './catalogs.ts' || !importer?.startsWith(i18n)) return null;
      return i18n + 'catalogs-browser.ts';
    },
    /** A catalog in the browser: its ICU messages parsed here, once, rather than in every reader's browser (precompile.ts). */
    async transform(code, id, options) {
      const intlLocale = catalogFiles[id.split('?')[0]!];
      if (options?.ssr || !intlLocale) return null;
      // The catalog is a plain object literal (types only imported): strip the types and evaluate it.
      const js = (await transformWithEsbuild(code, id, { loader: 'ts', format: 'esm' })).code;
      const module = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, Record<string, string>>;
      const lines = Object.entries(module).map(
        ([name, messages]) => `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(precompileCatalog(messages, intlLocale)))});`,
      );
      return { code: lines.join('\n'), map: null };
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
