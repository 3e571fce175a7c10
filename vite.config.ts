/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';
import { messageKeysIn, precompileCatalog, type CatalogMessage } from './app/i18n/precompile.ts';

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
      const module = await evaluateCatalog(code, id);
      const lines = Object.entries(module).map(
        ([name, messages]) => `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(precompileCatalog(messages, intlLocale)))});`,
      );
      return { code: lines.join('\n'), map: null };
    },
  };
}

/** A catalog module is a plain object literal (types only imported): strip the types and evaluate it. */
async function evaluateCatalog(code: string, id: string): Promise<Record<string, Record<string, string>>> {
  const js = (await transformWithEsbuild(code, id, { loader: 'ts', format: 'esm' })).code;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, Record<string, string>>;
}

/**
 * Each page's JavaScript brings only the texts it can show (issue 14; the whole catalog is 34 KB
 * gzipped, a page needs 1–5). In the client build every Remix route module and every lazily loaded chunk
 * gets a catalog part per language, `assets/messages-<lang>-<hash>.js`, with the keys named by the source
 * of the modules it loads (its static imports included; for a route file its whole source, loader and
 * action too, and every app module those import, since their keys travel to the page as field
 * errors). The root route's keys are left out of the pages' parts (the root is always loaded). The chunk
 * ends by awaiting its part in the reader's language (app/i18n/catalogs-browser.ts `addCatalogPart`).
 */
function catalogParts(): Plugin {
  const root = fileURLToPath(new URL('./', import.meta.url));
  const i18n = path.join(root, 'app/i18n/');
  let client = false;
  let catalogs: Record<'sv' | 'en', Record<string, CatalogMessage>>;
  let keys: string[];

  const fileScan = new Map<string, { keys: Set<string>; imports: string[] }>();
  /** A file's own keys and the app modules it imports (`#app/…`, `#db/…`, `#search/…` or relative). */
  function scan(file: string) {
    let found = fileScan.get(file);
    if (!found) {
      const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const imports = [...source.matchAll(/(?:from|import)\s*\(?'((?:#app|#db|#search|\.{1,2})\/[^']+\.tsx?)'/g)].map(([, spec]) =>
        spec!.startsWith('#') ? path.join(root, spec!.slice(1)) : path.resolve(path.dirname(file), spec!),
      );
      found = { keys: messageKeysIn(source, keys, { server: /\.server\.tsx?$/.test(file) }), imports };
      fileScan.set(file, found);
    }
    return found;
  }

  /**
   * The keys of some files and of every module of the app they import (transitively): a route's loader
   * and action, and the server modules they call, hand keys to the page (field errors), though the
   * browser never loads that code. app/i18n/ is not followed (the catalogs name every key).
   */
  function keysOfFiles(files: Set<string>, lazyEntries: Set<string> = new Set()): Set<string> {
    const found = new Set<string>();
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file) || file.startsWith(i18n)) return;
      // A lazily loaded module outside this chunk awaits its own part before it renders (lazy-part.tsx);
      // the route file imports it statically only for the server's render.
      if (lazyEntries.has(file) && !files.has(file)) return;
      seen.add(file);
      const { keys: own, imports } = scan(file);
      for (const key of own) found.add(key);
      for (const imported of imports) walk(imported);
    };
    for (const file of files) walk(file);
    return found;
  }

  return {
    name: 'samverka:catalog-parts',
    apply: 'build',
    configResolved(config) {
      client = !config.build.ssr;
    },
    async buildStart() {
      if (!client) return;
      const read = async (lang: 'sv' | 'en', intlLocale: string) => {
        const file = i18n + `${lang}.ts`;
        const messages = (await evaluateCatalog(fs.readFileSync(file, 'utf8'), file))[lang]!;
        return precompileCatalog(messages, intlLocale);
      };
      catalogs = { sv: await read('sv', 'sv-SE'), en: await read('en', 'en-GB') };
      keys = Object.keys(catalogs.sv);
      fileScan.clear();
    },
    renderChunk(code, chunk, _options, meta) {
      if (!client) return null;
      const facade = chunk.facadeModuleId?.split('?')[0] ?? '';
      const isRoute = chunk.facadeModuleId?.includes('?__remix-build-client-route') ?? false;
      if (!(isRoute || chunk.isDynamicEntry) || facade.startsWith(i18n)) return null;
      const lazyEntries = new Set(
        Object.values(meta.chunks)
          .filter((c) => c.isDynamicEntry && c.facadeModuleId)
          .map((c) => c.facadeModuleId!.split('?')[0]!),
      );
      /** The keys of a chunk's modules and those of the chunks it imports statically. */
      const keysOfChunk = (start: typeof chunk): Set<string> => {
        const files = new Set<string>();
        const seen = new Set<string>();
        const walk = (c: typeof chunk) => {
          if (seen.has(c.fileName)) return;
          seen.add(c.fileName);
          for (const id of c.moduleIds) {
            const file = id.split('?')[0]!;
            if (file.startsWith(root) && !file.includes('/node_modules/') && /\.tsx?$/.test(file)) files.add(file);
          }
          for (const imported of c.imports) if (meta.chunks[imported]) walk(meta.chunks[imported]);
        };
        walk(start);
        return keysOfFiles(files, lazyEntries);
      };
      const wanted = keysOfChunk(chunk);
      if (facade !== path.join(root, 'app/root.tsx')) {
        const rootChunk = Object.values(meta.chunks).find((c) => c.facadeModuleId?.split('?')[0] === path.join(root, 'app/root.tsx'));
        if (rootChunk) for (const key of keysOfChunk(rootChunk)) wanted.delete(key);
      }
      if (wanted.size === 0) return null;
      if (chunk.moduleIds.some((id) => id.startsWith(i18n + 'catalogs-browser.ts'))) this.error(`${chunk.fileName} holds catalogs-browser.ts and cannot wait for its own catalog part`);
      const sorted = [...wanted].sort();
      const loaders = (['sv', 'en'] as const).map((lang) => {
        const part = Object.fromEntries(sorted.map((key) => [key, catalogs[lang][key]]));
        const ref = this.emitFile({ type: 'asset', name: `messages-${lang}.js`, source: `export default JSON.parse(${JSON.stringify(JSON.stringify(part))});\n` });
        const relative = path.posix.relative(path.posix.dirname(chunk.fileName), this.getFileName(ref));
        return `${lang}:()=>import(${JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`)})`;
      });
      // Appended, so the chunk's source map stays right: a module is not evaluated (nor its importers) until its await settles.
      return { code: `${code}\nawait globalThis.__samverkaCatalogPart({${loaders.join(',')}});\n`, map: null };
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
        catalogParts(),
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
