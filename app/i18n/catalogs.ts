import { en } from './en.ts';
import type { LoadedMessages, Locale, MessageKey } from './index.ts';
import { sv } from './sv.ts';

/**
 * The language catalogs on the server, in tests and in scripts: both are at hand from the start. The
 * browser build swaps this module for `catalogs-browser.ts` (the `samverka:browser-catalogs` plugin in
 * vite.config.ts), which loads only the reader's catalog (issue 14). Both modules export the same names.
 */
export const catalogs: Partial<Record<Locale, LoadedMessages>> = { sv, en };

export function loadCatalog(locale: Locale): Promise<LoadedMessages> {
  return Promise.resolve(catalogs[locale]!);
}

/** Every key is at hand here; the browser module loads its whole catalog when a page's part lacks one. */
export function reportMissingMessage(_locale: Locale, _key: MessageKey): void {}

/** Catalogs never arrive later here; the browser module tells useT when one has loaded. */
export function subscribeToCatalogs(_onLoad: () => void): () => void {
  return () => {};
}

export const catalogsLoaded = (): number => 2;
