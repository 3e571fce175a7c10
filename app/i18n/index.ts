import { isArgumentElement, isNumberElement, isPluralElement, isSelectElement, isTagElement, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogs, reportMissingMessage } from './catalogs.ts';
import { intlLocale } from './format.ts';
import { isSimpleTemplate, type CatalogMessage } from './precompile.ts';
import type { MessageKey } from './sv.ts';

export type { MessageKey };
export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = Record<MessageKey, string>;
/** A catalog as `translate` reads it: on the server the texts; in the browser ICU messages come pre-parsed (precompile.ts). */
export type LoadedMessages = Record<MessageKey, CatalogMessage>;
export const LOCALE_COOKIE = 'samverka_lang';

/**
 * The catalogs at hand: both on the server; in the browser only the reader's (catalogs-browser.ts,
 * loaded before hydration by app/entry.client.tsx), and another one once `loadCatalog` brought it.
 */
export { catalogs, catalogsLoaded, loadCatalog, subscribeToCatalogs } from './catalogs.ts';

/** The catalog for a locale, or while it is still on its way (browser only) the one at hand, so no key ever shows. */
function catalogFor(locale: Locale): [Locale, LoadedMessages] | undefined {
  const messages = catalogs[locale];
  if (messages) return [locale, messages];
  for (const other of LOCALES) if (catalogs[other]) return [other, catalogs[other]];
  return undefined;
}

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

/**
 * Fills `{name}` placeholders by plain replacement: for fragments of a message (group-activity.tsx splits
 * a template around a link) and the fallback when an ICU message cannot be formatted.
 */
export function format(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}


interface CompiledMessage {
  message: IntlMessageFormat;
  /** Arguments a plural, select or number element reads: they keep their numbers. */
  counted: Set<string>;
}
const compiled: Record<Locale, Map<MessageKey, CompiledMessage>> = { sv: new Map(), en: new Map() };

function countedArguments(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (isPluralElement(el) || isSelectElement(el)) {
      into.add(el.value);
      for (const option of Object.values(el.options)) countedArguments(option.value, into);
    } else if (isNumberElement(el)) into.add(el.value);
    else if (isTagElement(el)) countedArguments(el.children, into);
  }
  return into;
}

/** Parses a catalog message as ICU MessageFormat (or takes one parsed at build time); tags stay text (the catalogs hold no markup). */
export function compileMessage(message: CatalogMessage, locale: Locale): IntlMessageFormat {
  return new IntlMessageFormat(message, intlLocale(locale), undefined, { ignoreTag: true });
}

/**
 * A catalog message in ICU MessageFormat (FormatJS's intl-messageformat): plurals such as
 * `{count, plural, one {# rad} other {# rader}}` follow the language's plural rules and print `#` with its
 * number format. A number given to a plain `{year}` is printed as it is (2024, not "2 024"), as before.
 * A text with only `{name}` placeholders is filled by replacement, which gives what IntlMessageFormat
 * would; so is it on the server and in the browser, where only the other messages arrive pre-parsed.
 */
export function translate(wanted: Locale, key: MessageKey, params?: TranslateParams): string {
  const found = catalogFor(wanted);
  if (!found) return key;
  const [locale, messages] = found;
  const message = messages[key] as CatalogMessage | undefined;
  if (message === undefined) {
    // Browser only: a text this page's catalog part did not bring. The whole catalog is on its way; an
    // empty text until then (never the raw key).
    reportMissingMessage(locale, key);
    return '';
  }
  if (typeof message === 'string') {
    if (!params || !message.includes('{')) return message;
    if (isSimpleTemplate(message)) return format(message, params);
  }
  let entry = compiled[locale].get(key);
  if (!entry) {
    const compiledMessage = compileMessage(message, locale);
    entry = { message: compiledMessage, counted: countedArguments(compiledMessage.getAst()) };
    compiled[locale].set(key, entry);
  }
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) values[name] = typeof value === 'number' && !entry.counted.has(name) ? String(value) : value;
  try {
    return String(entry.message.format(values));
  } catch {
    // A value left out: show its placeholder rather than fail the page (test/unit/domain.test.ts keeps both
    // catalogs' arguments the same, so this is a caller's slip, visible on the page and easy to find).
    const shown: Record<string, string | number> = { ...values };
    for (const name of argumentNames(entry.message.getAst())) if (!(name in shown)) shown[name] = `{${name}}`;
    try {
      return String(entry.message.format(shown));
    } catch {
      return typeof message === 'string' ? format(message, params) : key;
    }
  }
}

function argumentNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (isArgumentElement(el) || isNumberElement(el)) into.add(el.value);
    else if (isPluralElement(el) || isSelectElement(el)) {
      into.add(el.value);
      for (const option of Object.values(el.options)) argumentNames(option.value, into);
    } else if (isTagElement(el)) argumentNames(el.children, into);
  }
  return into;
}

/** Field errors travel from actions as message keys and are translated where they show. */
export function isMessageKey(v: string): v is MessageKey {
  const messages = catalogFor('sv')?.[1];
  return messages !== undefined && Object.hasOwn(messages, v);
}
