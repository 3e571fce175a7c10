import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/**
 * A catalog message as the browser receives it (issue 14): the text itself when it is plain or has only
 * `{name}` placeholders, otherwise the ICU message parsed at build time. The browser then never needs
 * FormatJS's message parser (about 9 KB gzipped with its skeleton parser): vite.config.ts points the
 * parser's import to its `no-parser` build in the client bundle and runs `precompileCatalog` over each
 * catalog, and `IntlMessageFormat` formats the pre-parsed messages (it accepts an AST for a string).
 */
export type CatalogMessage = string | MessageFormatElement[];

/**
 * Text with nothing but `{name}` placeholders: filling them by replacement gives exactly what
 * IntlMessageFormat gives (literal text, each argument as given). An apostrophe may quote ICU syntax,
 * so a text with one is not taken as simple.
 */
const SIMPLE_TEMPLATE = /^(?:[^{}']|\{\w+\})*$/;
export const isSimpleTemplate = (message: string): boolean => SIMPLE_TEMPLATE.test(message);

/** Parses a message as app/i18n/index.ts would at run time (tags stay text, the locale's date skeletons). */
export function parseMessage(message: string, intlLocale: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: true, locale: new Intl.Locale(intlLocale) });
}

/** The catalog with every message that needs ICU formatting parsed; the rest stays text. */
export function precompileCatalog<K extends string>(messages: Record<K, string>, intlLocale: string): Record<K, CatalogMessage> {
  const out = {} as Record<K, CatalogMessage>;
  for (const key of Object.keys(messages) as K[]) {
    const message = messages[key];
    out[key] = !message.includes('{') || isSimpleTemplate(message) ? message : parseMessage(message, intlLocale);
  }
  return out;
}

/**
 * The catalog keys a source file names (issue 14: each page's JavaScript brings only the texts it can
 * show): every quoted string that is a key, every key under a template's fixed head (`factor.${f}.name`
 * names all `factor.` keys), and the prefixes a `catalog-keys:` comment lists, for keys that arrive as
 * data (a notification's stored key). In server modules a template's head counts from two parts on
 * (`error.snapshot.${…}`): `initiative.${action}` there is an audit action, not a text; and its `mail.`
 * and `notifications.` keys are left out (mail is written on the server; notices are stored for the
 * inbox, which lists them with `catalog-keys:`). Anything this
 * misses is still shown: the browser then loads the whole catalog (catalogs-browser.ts).
 */
export function messageKeysIn(source: string, keys: readonly string[], { server = false } = {}): Set<string> {
  const known = new Set(keys);
  const found = new Set<string>();
  const addPrefix = (prefix: string, suffix = '') => {
    for (const key of keys) if (key.startsWith(prefix) && key.endsWith(suffix)) found.add(key);
  };
  for (const m of source.matchAll(/['"`]([A-Za-z]\w*(?:\.[\w-]+)+)['"`]/g)) if (known.has(m[1]!)) found.add(m[1]!);
  // A template's fixed tail narrows its head, when the template ends right after it: `factor.${f}.name` names
  // the five factors' names, not their longer descriptions (`factor.${f}.text`).
  const templates = server ? /`([A-Za-z]\w*\.(?:[\w-]+\.)+)\$\{(?:[^{}`]*\}((?:\.[\w-]+)*)`)?/g : /`([A-Za-z]\w*\.(?:[\w-]+\.)*)\$\{(?:[^{}`]*\}((?:\.[\w-]+)*)`)?/g;
  for (const m of source.matchAll(templates)) addPrefix(m[1]!, m[2] ?? '');
  // A server module's mail texts go out by mail, never to a page; its notification keys are stored for
  // the inbox, whose route brings them with a `catalog-keys:` comment (app/routes/notifications/inbox.tsx).
  if (server) for (const key of found) if (key.startsWith('mail.') || key.startsWith('notifications.')) found.delete(key);
  for (const m of source.matchAll(/catalog-keys:((?:[ \t]+[A-Za-z][\w.]*)+)/g)) for (const prefix of m[1]!.trim().split(/\s+/)) addPrefix(prefix);
  return found;
}
