import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EntryContext } from '@remix-run/node';
import { isLocale, type Locale } from './index.ts';

/**
 * `modulepreload` hints for the catalog parts a page's route modules await (issue 14, vite.config.ts
 * `samverka:catalog-parts`), so the texts download beside the modules instead of one round trip after
 * them. The parts are named in the route modules' own code (`sv:()=>import("./messages-sv-….js")`), read
 * once per file from the client build beside this server build. Nothing in development (no parts).
 */
const clientDir = [new URL('../client/', import.meta.url), new URL('../../client/', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((dir) => fs.existsSync(dir + 'assets'));

const partsByModule = new Map<string, Partial<Record<Locale, string>>>();

function partsOf(moduleUrl: string): Partial<Record<Locale, string>> {
  let parts = partsByModule.get(moduleUrl);
  if (!parts) {
    parts = {};
    const file = clientDir && moduleUrl.startsWith('/assets/') ? clientDir + moduleUrl.slice(1) : undefined;
    if (file && fs.existsSync(file)) {
      const code = fs.readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\b(sv|en):\(\)=>import\("\.\/(messages-[\w-]+\.js)"\)/g)) parts[m[1] as Locale] = `/assets/${m[2]}`;
    }
    partsByModule.set(moduleUrl, parts);
  }
  return parts;
}

/** A `Link` header value preloading the parts of the matched routes in the reader's language, if any. */
export function catalogPreloadHeader(context: EntryContext): string | undefined {
  const root = context.staticHandlerContext.loaderData.root as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : 'sv';
  const links: string[] = [];
  for (const match of context.staticHandlerContext.matches) {
    const moduleUrl = context.manifest.routes[match.route.id]?.module;
    const part = moduleUrl ? partsOf(moduleUrl)[locale] : undefined;
    if (part) links.push(`<${part}>; rel=modulepreload`);
  }
  return links.length ? links.join(', ') : undefined;
}
