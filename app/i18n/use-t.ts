import { useRouteLoaderData } from '@remix-run/react';
import { translate, type Locale, type MessageKey, type TranslateParams } from './index.ts';

/**
 * Translator for components. Both catalogs are small, so they ship with the
 * bundle; the root loader only says which one the reader gets. Falls back to
 * Swedish where the root loader has no data (the root error boundary).
 */
export function useT() {
  const data = useRouteLoaderData<{ locale: Locale }>('root');
  const locale: Locale = data?.locale ?? 'sv';
  const t = (key: MessageKey, params?: TranslateParams) => translate(locale, key, params);
  return Object.assign(t, { locale });
}
