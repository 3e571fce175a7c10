import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

// Issue 14: a page downloads only its reader's language, only the texts of the pages it loads (catalog
// parts, vite.config.ts), before hydrating, and never shows a key. Part files are named messages-<lang>-<hash>.js;
// the whole catalogs (chunks of app/i18n/sv.ts and en.ts, in the build's Vite manifest) load only when a part lacks a text.
function catalogFiles(): Record<'sv' | 'en', string> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve('build/.vite/client-manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const file = (locale: string) => Object.entries(manifest).find(([key]) => key.split('?')[0] === `app/i18n/${locale}.ts`)?.[1].file;
  const sv = file('sv');
  const en = file('en');
  if (!sv || !en) throw new Error('the catalogs are not chunks of their own in the client build');
  return { sv, en };
}
const isPart = (locale: 'sv' | 'en') => (url: string) => new RegExp(`/assets/messages-${locale}-[\\w-]+\\.js$`).test(url);

function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') urls.push(new URL(request.url()).pathname);
  });
  return urls;
}

function recordConsole(page: Page): { errors: string[]; missing: string[] } {
  const seen = { errors: [] as string[], missing: [] as string[] };
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning' && message.text().includes("this page's catalog part")) seen.missing.push(message.text());
  });
  return seen;
}

/** Hydrated: React has attached its handlers (the root's fiber key on <html>'s body). */
const hydrated = (page: Page) => page.waitForFunction(() => Object.keys(document.body).some((k) => k.startsWith('__reactFiber') || k.startsWith('__reactProps')));

describe.runIf(runBrowserTests)('the language catalog in the browser', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('a Swedish reader downloads Swedish texts only, and an English one English only, just the page\'s part; hydration matches', async () => {
    const files = catalogFiles();
    for (const [locale, other, heading] of [
      ['sv', 'en', 'Sök'],
      ['en', 'sv', 'Search'],
    ] as const) {
      const context = await session.browser.newContext({ locale: locale === 'sv' ? 'sv-SE' : 'en-GB', baseURL: session.server.url });
      const page = await context.newPage();
      const scripts = recordScripts(page);
      const { errors, missing } = recordConsole(page);
      await page.goto('/sok?q=skola');
      await hydrated(page);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain(heading);
      // The root's part and the search page's, in the reader's language; neither whole catalog.
      expect(scripts.filter(isPart(locale)), locale).toHaveLength(2);
      expect(scripts.filter(isPart(other)), locale).toEqual([]);
      expect(scripts.filter((s) => s.endsWith(files.sv) || s.endsWith(files.en)), locale).toEqual([]);
      // A hydration mismatch (a first render with keys or the other language) would log an error.
      expect(errors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
      expect(missing).toEqual([]);
      await context.close();
    }
  });

  it('a language change without a reload fetches the other language\'s parts and shows them, never raw keys', async () => {
    const context = await session.browser.newContext({ locale: 'en-GB', baseURL: session.server.url });
    const page = await context.newPage();
    const scripts = recordScripts(page);
    await page.goto('/');
    await hydrated(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The reader's language changes on the server (as when signing in to an account in Swedish); the
    // next client-side navigation brings the root loader's new locale.
    await context.addCookies([{ name: 'samverka_lang', value: 'sv', url: session.server.url }]);
    await page.locator('#header-search-q').fill('skola');
    await page.locator('#header-search-q').press('Enter');
    await page.waitForURL('**/sok?q=skola');
    await page.getByRole('link', { name: 'Start', exact: true }).first().waitFor();
    // The Swedish parts of the root, the home page and the search page.
    expect(scripts.filter(isPart('sv'))).toHaveLength(3);
    expect(await page.locator('body').innerText()).not.toMatch(/\b(nav|search|home)\.[a-z]+[A-Z.]/);
    await context.close();
  });
});
