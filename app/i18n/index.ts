import { en } from './en.ts';
import { sv, type MessageKey } from './sv.ts';

export type { MessageKey };
export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = Record<MessageKey, string>;
export const LOCALE_COOKIE = 'samverka_lang';

export const catalogs: Record<Locale, Messages> = { sv, en };

export const isLocale = (v: unknown): v is Locale => v === 'sv' || v === 'en';

/** The reader's choice (cookie), then their account's, then Accept-Language, then Swedish. */
export function resolveLocale(cookies: Record<string, string>, acceptLanguage: string | null, userLocale: string | null): Locale {
  const chosen = cookies[LOCALE_COOKIE];
  if (isLocale(chosen)) return chosen;
  if (isLocale(userLocale)) return userLocale;
  return localeFromAcceptLanguage(acceptLanguage);
}

export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return 'sv';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === 'sv' || lang === 'nb' || lang === 'nn' || lang === 'no' || lang === 'da') return 'sv';
    if (lang === 'en') return 'en';
  }
  return 'sv';
}

export type TranslateParams = Record<string, string | number>;

export function format(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
  return format(catalogs[locale][key], params);
}

/** Field errors travel from actions as message keys and are translated where they show. */
export function isMessageKey(v: string): v is MessageKey {
  return v in sv;
}
