import { useRouteLoaderData } from '@remix-run/react';
import { useEffect, useSyncExternalStore } from 'react';
import { catalogs, catalogsLoaded, loadCatalog, subscribeToCatalogs, translate, type Locale, type MessageKey, type TranslateParams } from './index.ts';

/**
 * Translator for components. The root loader says which language the reader gets; the server holds both
 * catalogs, the browser only the reader's (loaded before hydration, issue 14). Should the locale change
 * without a reload (signing in to an account in the other language), the other catalog is fetched and
 * the components re-render when it arrives; until then they keep the catalog at hand, never raw keys.
 * Falls back to Swedish where the root loader has no data (the root error boundary).
 */
export function useT() {
  const data = useRouteLoaderData<{ locale: Locale }>('root');
  const locale: Locale = data?.locale ?? 'sv';
  useSyncExternalStore(subscribeToCatalogs, catalogsLoaded, catalogsLoaded);
  useEffect(() => {
    if (!catalogs[locale]) loadCatalog(locale).catch((error: unknown) => console.error(error));
  }, [locale]);
  const t = (key: MessageKey, params?: TranslateParams) => translate(locale, key, params);
  return Object.assign(t, { locale });
}
