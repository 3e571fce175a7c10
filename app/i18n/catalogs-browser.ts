import type { LoadedMessages, Locale, MessageKey } from './index.ts';

/**
 * The language catalogs in the browser (issue 14): only the reader's language, and in the production
 * build only the texts of the pages loaded so far. The build (vite.config.ts, `samverka:catalog-parts`)
 * gives each route module and each lazily loaded chunk a part of the catalog, one file per language,
 * with the keys its code names (precompile.ts `messageKeysIn`), and makes the module wait for its part
 * in the reader's language (`addCatalogPart`, a top-level await) before Remix renders with it: the first
 * render says what the server rendered. Without parts (the dev server) `app/entry.client.tsx` loads the
 * whole catalog before hydrating. A key no part brought (a text named only by data) makes
 * `reportMissingMessage` load the whole catalog, and `useT` re-renders once it is there. Should the
 * locale change without a reload (signing in to an account with another language), `useT` asks for the
 * other language and renders with the loaded one until it arrives; the language switch itself reloads
 * the page. Stands in for `catalogs.ts` in the browser build.
 */
export const catalogs: Partial<Record<Locale, LoadedMessages>> = {};

type Part = Partial<LoadedMessages>;
export type PartLoaders = Record<Locale, () => Promise<{ default: Part }>>;

// The build hands these modules over with their ICU messages pre-parsed (vite.config.ts, precompile.ts).
const wholeCatalog: Record<Locale, () => Promise<LoadedMessages>> = {
  sv: () => import('./sv.ts').then((m) => m.sv),
  en: () => import('./en.ts').then((m) => m.en),
};

const parts: PartLoaders[] = [];
/** The languages asked for: each new part is loaded in these. */
const wanted = new Set<Locale>();
const complete = new Set<Locale>();
const pending = new Map<string, Promise<unknown>>();
const listeners = new Set<() => void>();
let loaded = 0;

/**
 * The texts arrived per language. A language is published to `catalogs` (and so read by `translate`)
 * only once all its parts asked for are in, so a page never reads a half-loaded language and takes its
 * absent texts for missing ones; later parts are added to the same object.
 */
const arrived: Partial<Record<Locale, LoadedMessages>> = {};

function merge(locale: Locale, messages: Part) {
  Object.assign((arrived[locale] ??= {} as LoadedMessages), messages);
}

function publish(locale: Locale) {
  catalogs[locale] = arrived[locale] ??= {} as LoadedMessages;
  loaded++;
  for (const listener of listeners) listener();
}

/** Loads something once per key; a failed download may be tried again by the next call. */
function once<T>(id: string, load: () => Promise<T>): Promise<T> {
  let promise = pending.get(id) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    promise.catch(() => pending.delete(id));
    pending.set(id, promise);
  }
  return promise;
}

function loadWhole(locale: Locale): Promise<unknown> {
  return once(`whole:${locale}`, () =>
    wholeCatalog[locale]().then((messages) => {
      complete.add(locale);
      merge(locale, messages);
      publish(locale);
    }),
  );
}

function loadPart(part: PartLoaders, index: number, locale: Locale): Promise<unknown> {
  if (complete.has(locale)) return Promise.resolve();
  return once(`part:${index}:${locale}`, () =>
    part[locale]().then(
      (m) => merge(locale, m.default),
      // A part that does not arrive: the whole catalog will do.
      () => loadWhole(locale),
    ),
  );
}

const pageLocale = (): Locale => (globalThis.document?.documentElement.lang === 'en' ? 'en' : 'sv');

/** Called by the build's code at the end of a route module or lazy chunk: resolves once its texts are here. */
export function addCatalogPart(part: PartLoaders): Promise<unknown> {
  const index = parts.push(part) - 1;
  if (wanted.size === 0) wanted.add(pageLocale());
  return Promise.all([...wanted].map((locale) => loadPart(part, index, locale)));
}
// The build's code reaches it by this name (it is appended to chunks, outside the module graph).
(globalThis as { __samverkaCatalogPart?: typeof addCatalogPart }).__samverkaCatalogPart = addCatalogPart;

/** The texts of a language: the parts loaded so far in it, or without parts the whole catalog. */
export function loadCatalog(locale: Locale): Promise<LoadedMessages> {
  wanted.add(locale);
  const done = () => catalogs[locale]!;
  if (complete.has(locale)) return Promise.resolve(done());
  if (parts.length === 0) return loadWhole(locale).then(done);
  return Promise.all(parts.map((part, index) => loadPart(part, index, locale))).then(() => {
    if (catalogs[locale] !== arrived[locale]) publish(locale);
    return done();
  });
}

const reported = new Set<string>();
/** A key that none of the loaded parts has: load the whole catalog (useT re-renders when it arrives). */
export function reportMissingMessage(locale: Locale, key: MessageKey): void {
  if (complete.has(locale)) return;
  if (!reported.has(key)) {
    reported.add(key);
    console.warn(`Samverka: "${key}" was not in this page's catalog part; loading the whole ${locale} catalog.`);
  }
  loadWhole(locale).catch((error: unknown) => console.error(error));
}

export function subscribeToCatalogs(onLoad: () => void): () => void {
  listeners.add(onLoad);
  return () => listeners.delete(onLoad);
}

/** How many catalogs or parts have arrived: the snapshot `useSyncExternalStore` compares. */
export const catalogsLoaded = (): number => loaded;
