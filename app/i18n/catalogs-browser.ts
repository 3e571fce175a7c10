import type { LoadedMessages, Locale } from './index.ts';

/**
 * The language catalogs in the browser: only the reader's is downloaded (each catalog is about 34 KB
 * gzipped, issue 14). `app/entry.client.tsx` loads it before hydrating, so the first render matches
 * the server's. Should the locale change without a reload (signing in to an account with another
 * language), `useT` asks for the other catalog and renders with the loaded one until it arrives; the
 * language switch itself reloads the page. Stands in for `catalogs.ts` in the browser build
 * (vite.config.ts); the dynamic imports make each catalog a chunk of its own.
 */
export const catalogs: Partial<Record<Locale, LoadedMessages>> = {};

// The build hands these modules over with their ICU messages pre-parsed (vite.config.ts, precompile.ts).
const importers: Record<Locale, () => Promise<LoadedMessages>> = {
  sv: () => import('./sv.ts').then((m) => m.sv),
  en: () => import('./en.ts').then((m) => m.en),
};
const pending = new Map<Locale, Promise<LoadedMessages>>();
const listeners = new Set<() => void>();
let loaded = 0;

export function loadCatalog(locale: Locale): Promise<LoadedMessages> {
  const have = catalogs[locale];
  if (have) return Promise.resolve(have);
  let promise = pending.get(locale);
  if (!promise) {
    promise = importers[locale]().then(
      (messages) => {
        catalogs[locale] = messages;
        loaded++;
        for (const listener of listeners) listener();
        return messages;
      },
      (error: unknown) => {
        // A failed download may be tried again (the next render that needs it asks anew).
        pending.delete(locale);
        throw error;
      },
    );
    pending.set(locale, promise);
  }
  return promise;
}

export function subscribeToCatalogs(onLoad: () => void): () => void {
  listeners.add(onLoad);
  return () => listeners.delete(onLoad);
}

/** How many catalogs have arrived: the snapshot `useSyncExternalStore` compares. */
export const catalogsLoaded = (): number => loaded;
