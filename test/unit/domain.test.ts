import os from 'node:os';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { parseOrganizationNumber } from '#app/organizations/organization-number.ts';
import { slugify } from '#app/http/slug.ts';
import { en as enCatalog } from '#app/i18n/en.ts';
import { localeFromAcceptLanguage, resolveLocale, translate } from '#app/i18n/index.ts';
import { sv as svCatalog } from '#app/i18n/sv.ts';
import { isCrossOriginWrite, securityHeaders } from '#app/server/security.server.ts';

describe('organisationsnummer', () => {
  it.each([
    ['212000-1124', '212000-1124'],
    ['2120001124', '212000-1124'],
    ['16212000-1124', '212000-1124'],
    [' 202100 2114 ', '202100-2114'],
  ])('accepts %s', (input, normalised) => {
    expect(parseOrganizationNumber(input)).toEqual({ ok: true, value: normalised });
  });
  it.each([
    ['212000-1125', 'checksum'],
    ['21200-1124', 'format'],
    ['abcdef-ghij', 'format'],
    ['', 'format'],
    ['8001011234', 'not-organization'],
  ])('rejects %s (%s)', (input, reason) => {
    expect(parseOrganizationNumber(input)).toEqual({ ok: false, reason });
  });
});

describe('configuration', () => {
  it('uses embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.secureCookies).toBe(false);
  });
  it('names the variable and the problem', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ MEILI_URL: 'http://127.0.0.1:7700' })).toThrow(/MEILI_MASTER_KEY: required when MEILI_URL is set/);
  });
  it('marks cookies Secure behind HTTPS', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://samverka.se' }).secureCookies).toBe(true);
  });
  it('runs one HTTP worker per core unless WEB_CONCURRENCY says otherwise (1–64 whole processes)', () => {
    expect(loadConfig({}).WEB_CONCURRENCY).toBe(Math.min(os.availableParallelism(), 64));
    expect(loadConfig({ WEB_CONCURRENCY: '3' }).WEB_CONCURRENCY).toBe(3);
    expect(() => loadConfig({ WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY: must be at least 1 \(got "0"\)/);
    expect(() => loadConfig({ WEB_CONCURRENCY: '1.5' })).toThrow(/WEB_CONCURRENCY: must be a whole number/);
    expect(() => loadConfig({ WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY/);
    expect(() => loadConfig({ WEB_CONCURRENCY: '65' })).toThrow(/WEB_CONCURRENCY: must be at most 64/);
  });
});

/** The argument names an ICU message uses (`{name}`, `{count, plural, …}`), read by the ICU parser itself. */
function argumentNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentNames(el.children, into);
      continue;
    }
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentNames(option.value, into);
  }
  return into;
}

describe('languages', () => {
  it('has every Swedish key in English, with the same placeholders', () => {
    for (const [key, sv] of Object.entries(svCatalog)) {
      const en = enCatalog[key as keyof typeof enCatalog];
      expect(en, key).toBeTruthy();
      const names = (s: string) => [...argumentNames(parse(s))].sort();
      expect(names(en), key).toEqual(names(sv));
    }
  });
  it('prefers the chosen language, then the account, then Accept-Language, then Swedish', () => {
    expect(resolveLocale({ samverka_lang: 'en' }, 'sv', 'sv')).toBe('en');
    expect(resolveLocale({}, 'sv', 'en')).toBe('en');
    expect(resolveLocale({}, 'en-GB,en;q=0.9', null)).toBe('en');
    expect(resolveLocale({}, null, null)).toBe('sv');
    expect(localeFromAcceptLanguage('de-DE,en;q=0.5,sv;q=0.8')).toBe('sv');
    expect(localeFromAcceptLanguage('fr')).toBe('sv');
  });
  it('fills placeholders', () => {
    expect(translate('sv', 'org.memberCount', { count: 3 })).toBe('3 medlemmar');
    expect(translate('sv', 'org.memberCount', { count: 1 })).toBe('1 medlem');
  });
});

describe('cross-origin write guard', () => {
  const host = 'samverka.se';
  it.each([
    ['GET from anywhere', 'GET', { origin: 'https://evil.example', host }, false],
    ['POST same origin', 'POST', { origin: 'https://samverka.se', secFetchSite: 'same-origin', host }, false],
    ['POST same origin, old browser', 'POST', { origin: 'https://samverka.se', host }, false],
    ['POST other origin', 'POST', { origin: 'https://evil.example', host }, true],
    ['POST cross-site fetch metadata', 'POST', { origin: 'https://samverka.se', secFetchSite: 'cross-site', host }, true],
    ['POST same-site subdomain', 'POST', { origin: 'https://a.samverka.se', secFetchSite: 'same-site', host }, true],
    ['POST without Origin', 'POST', { host }, true],
    ['DELETE other origin', 'DELETE', { origin: 'null', host }, true],
  ] as const)('%s → refused: %s', (_label, method, headers, refused) => {
    expect(isCrossOriginWrite(method, headers)).toBe(refused);
  });
  it('sends CSP with the nonce, nosniff, a referrer policy and frame-ancestors', () => {
    const h = securityHeaders('abc', { development: false });
    expect(h['Content-Security-Policy']).toContain(`script-src 'self' 'nonce-abc'`);
    expect(h['Content-Security-Policy']).toContain(`frame-ancestors 'none'`);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });
});

describe('slugs', () => {
  it('folds Swedish letters', () => {
    expect(slugify('Malmö stad')).toBe('malmo-stad');
    expect(slugify('Föreningen Ängsgården & Co')).toBe('foreningen-angsgarden-co');
    expect(slugify('!!!')).toBe('organisation');
  });
});
