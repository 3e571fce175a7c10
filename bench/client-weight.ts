/**
 * How much JavaScript does a reader's first visit download?
 *
 *   npx tsx bench/client-weight.ts            (builds the app first: npx remix vite:build)
 *   npx tsx bench/client-weight.ts --no-build (reads the build already in build/client)
 *
 * Reads Vite's manifest of the client build (Vite writes build/client/.vite/manifest.json; with
 * `build.manifest` on in vite.config.ts Remix keeps it, moved to build/.vite/client-manifest.json)
 * and, for each page, sums the gzipped size (zlib, level 9, as Vite reports) of the JavaScript a first
 * visit loads: the client entry, the root route and the page's route module, each with every chunk they
 * import statically (transitively, each chunk counted once), plus the reader's language texts: since
 * issue 14 the catalog parts those chunks await (`__samverkaCatalogPart({sv:()=>import("./messages-sv-…")`,
 * vite.config.ts), before that the whole catalog the entry imported before hydration. Lazy chunks (the editor, maps)
 * are not counted: a reader who does not open them never loads them. Remix's own route manifest is
 * inlined in the HTML (lazy route discovery) and is not counted either.
 *
 * Budget (issue 14): ≤ 100 KB gzipped for the home page, a search page and an initiative page. A
 * benchmark, never a test assertion; `npm run bench` writes these figures to docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_DIR = path.join(ROOT, 'build/client');
const MANIFEST = path.join(ROOT, 'build/.vite/client-manifest.json');

export const BUDGET_KB = 100;

/** The pages of the budget (issue 14) and the route modules a first visit to them loads. */
export const PAGES = [
  { page: '/', route: 'app/routes/site/home.tsx' },
  { page: '/sok?q=skola', route: 'app/routes/site/search.tsx' },
  { page: '/insatser/:slug', route: 'app/routes/content/initiatives/initiative.tsx' },
] as const;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageWeight {
  page: string;
  locale: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** Of which language texts (catalog parts, or chunks built from app/i18n/sv.ts or en.ts). */
  catalogGzipBytes: number;
}

const gzipCache = new Map<string, { raw: number; gz: number }>();
function sizeOf(file: string) {
  let size = gzipCache.get(file);
  if (!size) {
    const bytes = fs.readFileSync(path.join(CLIENT_DIR, file));
    size = { raw: bytes.length, gz: zlib.gzipSync(bytes, { level: 9 }).length };
    gzipCache.set(file, size);
  }
  return size;
}

/** A manifest key by its source path; Remix adds a query to route modules (`?client-route=1` and the like). */
function keyFor(manifest: Manifest, source: string): string {
  const key = Object.keys(manifest).find((k) => k === source || k.split('?')[0] === source);
  if (!key) throw new Error(`${source}: not in ${path.relative(ROOT, MANIFEST)} (build first, or a route moved)`);
  return key;
}

function collectStatic(manifest: Manifest, key: string, into: Set<string>) {
  if (into.has(key)) return;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) collectStatic(manifest, imported, into);
}

/** The manifest chunk built from a language catalog, when it is a chunk of its own (since issue 14). */
function catalogChunks(manifest: Manifest, locale: string): string[] {
  return Object.keys(manifest).filter((k) => k.split('?')[0] === `app/i18n/${locale}.ts`);
}

/** The catalog parts a chunk awaits in a language (written into it by vite.config.ts's `samverka:catalog-parts`). */
function catalogPartsOf(file: string, locale: string): string[] {
  const code = fs.readFileSync(path.join(CLIENT_DIR, file), 'utf8');
  const dir = path.posix.dirname(file);
  return [...code.matchAll(new RegExp(`\\b${locale}:\\(\\)=>import\\("([^"]+)"\\)`, 'g'))].map((m) => path.posix.join(dir, m[1]!));
}

export function measureClientWeight(locales: readonly string[] = ['sv', 'en']): PageWeight[] {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
  const entry = keyFor(manifest, 'app/entry.client.tsx');
  const root = keyFor(manifest, 'app/root.tsx');
  const rows: PageWeight[] = [];
  for (const locale of locales) {
    for (const { page, route } of PAGES) {
      const keys = new Set<string>();
      for (const start of [entry, root, keyFor(manifest, route)]) collectStatic(manifest, start, keys);
      const files = new Set([...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js')));
      // The reader's texts: the catalog parts the chunks await, or (builds without parts) the whole catalog the entry loads.
      const parts = [...files].flatMap((file) => catalogPartsOf(file, locale));
      const catalogs = parts.length ? [] : catalogChunks(manifest, locale).filter((k) => !keys.has(k));
      for (const k of catalogs) collectStatic(manifest, k, keys);
      for (const k of keys) if (manifest[k]!.file.endsWith('.js')) files.add(manifest[k]!.file);
      for (const part of parts) files.add(part);
      let rawBytes = 0;
      let gzipBytes = 0;
      for (const file of files) {
        const size = sizeOf(file);
        rawBytes += size.raw;
        gzipBytes += size.gz;
      }
      // Catalog share: the parts or the catalog's own chunk; before issue 14 both catalogs sat inside a shared chunk, not split out here.
      const catalogGzipBytes = [...parts, ...catalogs.map((k) => manifest[k]!.file)].reduce((sum, file) => sum + sizeOf(file).gz, 0);
      rows.push({ page, locale, files: files.size, rawBytes, gzipBytes, catalogGzipBytes });
    }
  }
  return rows;
}

export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function clientWeightTable(rows: PageWeight[]): string {
  const lines = ['| page (first visit) | language | JS files | raw | gzipped | of which catalog (gz) | budget ≤ 100 KB |', '|---|---|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(
      `| \`${r.page}\` | ${r.locale} | ${r.files} | ${kb(r.rawBytes)} | ${kb(r.gzipBytes)} | ${r.catalogGzipBytes ? kb(r.catalogGzipBytes) : '–'} | ${r.gzipBytes <= BUDGET_KB * 1024 ? '✓' : '✗'} |`,
    );
  return lines.join('\n');
}

export function buildClient() {
  execFileSync('npx', ['remix', 'vite:build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--no-build')) buildClient();
  console.log(clientWeightTable(measureClientWeight()));
}
