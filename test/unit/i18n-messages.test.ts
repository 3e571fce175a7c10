import { isNumberElement, isPluralElement, isSelectElement, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it, vi } from 'vitest';
import { en } from '#app/i18n/en.ts';
import { compileMessage, format, LOCALES, translate, type MessageKey } from '#app/i18n/index.ts';
import { sv } from '#app/i18n/sv.ts';
import { intlLocale } from '#app/i18n/format.ts';
import { isSimpleTemplate, messageKeysIn, precompileCatalog } from '#app/i18n/precompile.ts';

const catalogs = { sv, en };

const keys = Object.keys(catalogs.sv) as MessageKey[];
const counted = (els: MessageFormatElement[]): boolean =>
  els.some((el) => isPluralElement(el) || isSelectElement(el) || isNumberElement(el));

describe('the catalogs are ICU MessageFormat', () => {
  it('every message in both languages parses', () => {
    for (const locale of LOCALES) for (const key of keys) expect(() => compileMessage(catalogs[locale][key], locale), `${locale} ${key}`).not.toThrow();
  });

  it('a message without plurals reads exactly as its text with the values put in (apostrophes, quotes and # stay as written)', () => {
    for (const locale of LOCALES) {
      for (const key of keys) {
        const template = catalogs[locale][key];
        if (counted(compileMessage(template, locale).getAst())) continue;
        const params = Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `‹${m[1]}›`]));
        expect(translate(locale, key, { ...params, x: 1 }), `${locale} ${key}`).toBe(format(template, params));
      }
    }
  });
});

describe('plurals follow each language', () => {
  it.each([
    ['sv', 'org.memberCount', { count: 1 }, '1 medlem'],
    ['sv', 'org.memberCount', { count: 0 }, '0 medlemmar'],
    ['en', 'org.memberCount', { count: 1 }, '1 member'],
    ['en', 'org.memberCount', { count: 2 }, '2 members'],
    ['sv', 'search.resultsFor', { count: 1, q: 'språkcafé' }, '1 träff för ”språkcafé”'],
    ['en', 'search.resultsFor', { count: 12, q: 'language café' }, '12 results for “language café”'],
    ['sv', 'efforts.total', { count: 1, areas: 1 }, '1 insats i 1 kommun med de valda filtren.'],
    ['en', 'efforts.total', { count: 5, areas: 2 }, '5 initiatives in 2 municipalities with the chosen filters.'],
    ['sv', 'groupAction.overdueCount', { count: 1 }, '1 försenad åtgärd'],
    ['sv', 'auth.signIn.throttled', { minutes: 1 }, 'För många misslyckade inloggningsförsök. Försök igen om 1 minut.'],
  ] as const)('%s %s %o → %s', (locale, key, params, expected) => {
    expect(translate(locale, key, params)).toBe(expected);
  });

  it('prints counts with the language’s digit grouping, and a plain number (a year) as it is', () => {
    const summary = { rows: 3480, indicators: 1, areas: 290, from: 2020, to: 2023, changes: 1 };
    expect(translate('sv', 'import.previewSummary', summary)).toBe(
      '3\u00a0480 rader för 1 indikator, 290 områden, perioder 2020–2023. 1 värde ändras eller tillkommer.',
    );
    expect(translate('en', 'import.previewSummary', summary)).toBe('3,480 rows for 1 indicator, 290 areas, periods 2020–2023. 1 value will change or be added.');
  });

  it('a value left out shows the placeholder instead of failing the page', () => {
    expect(translate('sv', 'search.resultsFor', { count: 2 })).toBe('2 träffar för ”{q}”');
  });
});

describe('the browser\'s catalogs arrive pre-parsed (precompile.ts, issue 14)', () => {
  /** Values for every argument of a message: numbers for counted ones, in several plural forms. */
  const valuesFor = (template: string, n: number) => Object.fromEntries([...template.matchAll(/\{(\w+)/g)].map((m) => [m[1]!, n]));

  it('only plain texts and `{name}` templates without apostrophes stay text; every other message is parsed', () => {
    for (const locale of LOCALES) {
      const pre = precompileCatalog(catalogs[locale], intlLocale(locale));
      for (const key of keys) {
        const message = pre[key];
        if (typeof message === 'string') expect(!message.includes('{') || isSimpleTemplate(message), `${locale} ${key}`).toBe(true);
        // Parsed: a plural, select or number, or an apostrophe that may quote ICU syntax.
        else expect(catalogs[locale][key], `${locale} ${key}`).toMatch(/\{\w+,|'/);
      }
    }
  });

  it('every message reads the same from the pre-parsed catalog as from the texts', async () => {
    // A fresh translate() reading pre-parsed catalogs, as the browser build gets them, beside the texts' one.
    vi.resetModules();
    const browserSide = await import('#app/i18n/index.ts');
    const { catalogs: loaded } = await import('#app/i18n/catalogs.ts');
    for (const locale of LOCALES) loaded[locale] = precompileCatalog(catalogs[locale], intlLocale(locale));
    let compared = 0;
    for (const locale of LOCALES) {
      for (const key of keys) {
        const template = catalogs[locale][key];
        for (const n of [0, 1, 2, 1234.5]) {
          const values = valuesFor(template, n);
          expect(browserSide.translate(locale, key, values), `${locale} ${key} ${n}`).toBe(translate(locale, key, values));
          compared++;
        }
        // Without values (a caller's slip for a plural) only the texts are compared.
        if (typeof loaded[locale]![key] === 'string') expect(browserSide.translate(locale, key), `${locale} ${key}`).toBe(translate(locale, key));
      }
    }
    expect(compared).toBe(keys.length * LOCALES.length * 4);
  });
});

describe('the keys a source file names (the catalog parts of the browser build, issue 14)', () => {
  const keysOf = (source: string, server = false) => [...messageKeysIn(source, keys, { server })].sort();

  it('quoted keys, a template’s fixed head (and tail), and prefixes named in a catalog-keys comment', () => {
    expect(keysOf(`t('nav.home'); const legend = "home.title"; t('not.a.key')`)).toEqual(['home.title', 'nav.home']);
    // A fixed tail narrows the head when the template ends with it: the factors' names, not their descriptions.
    expect(keysOf('t(`factor.${f}.name`)')).toEqual(keys.filter((k) => k.startsWith('factor.') && k.endsWith('.name')).sort());
    expect(keysOf('t(`factor.${f}.name`)')).not.toContain('factor.long_term.text');
    expect(keysOf('t(`factor.${f}`)')).toEqual(keys.filter((k) => k.startsWith('factor.')).sort());
    expect(keysOf('t(`factor.${f}.${part}`)')).toEqual(keys.filter((k) => k.startsWith('factor.')).sort());
    expect(keysOf('// catalog-keys: lang. app.\nt(n.messageKey)')).toEqual(['app.name', 'app.tagline', 'lang.switch']);
  });

  it('in a server module a one-part head is not a text (audit actions such as `initiative.${action}`)', () => {
    expect(keysOf('recordAudit({ action: `initiative.${action}` })', true)).toEqual([]);
    expect(keysOf('t(`initiative.state.${s}`)', true)).toEqual(keys.filter((k) => k.startsWith('initiative.state.')).sort());
    expect(keysOf("translate(locale, 'mail.reset.subject'); fieldError('auth.signIn.failed')", true)).toEqual(['auth.signIn.failed']);
  });

  it('a server module’s notification keys are stored for the inbox, not sent to its page', () => {
    expect(keysOf("notify(tx, { messageKey: 'notifications.comment.new' }); fieldError('comments.error.empty')", true).filter((k) => k.startsWith('notifications.'))).toEqual([]);
    // In a page's own source they still count.
    expect(keysOf("t('notifications.comment.new')")).toEqual(['notifications.comment.new']);
  });
});
