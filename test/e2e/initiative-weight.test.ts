import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runBrowserTests, signIn, signOut, useBrowserSession } from '../support/browser.ts';

/**
 * Issue 14: the initiative page loads its below-the-fold and editor-only parts after the page
 * (app/components/lazy-part.tsx). The server renders them all; the browser hydrates them when their
 * chunks arrive, without a hydration error; a reader who cannot edit never downloads the publishing panel.
 */
describe.runIf(runBrowserTests)('the initiative page in lazy parts', () => {
  const s = useBrowserSession({ SEED_DEMO: 'true' });
  const path = '/insatser/feriejobb-malmo';

  /** Opens the page, and returns the JavaScript files it requested and the errors React reported. */
  async function visit(page: Page) {
    const scripts: string[] = [];
    const errors: string[] = [];
    const onRequest = (r: { url(): string }) => void (r.url().endsWith('.js') && scripts.push(new URL(r.url()).pathname));
    const onConsole = (m: { type(): string; text(): string }) => void (m.type() === 'error' && errors.push(m.text()));
    const onPageError = (e: Error) => void errors.push(e.message);
    page.on('request', onRequest);
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    await page.goto(path);
    await s.checkAccessibility();
    page.off('request', onRequest);
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    return { scripts, errors };
  }
  const loaded = (scripts: string[], chunk: string) => scripts.some((f) => f.includes(`/assets/${chunk}-`));

  it('a reader gets every part server-rendered, hydrated late, and never the publishing panel', async () => {
    const { page } = s;
    const { scripts, errors } = await visit(page);
    expect(errors).toEqual([]);
    await page.getByRole('heading', { name: 'Frågor och kommentarer' }).waitFor();
    // Shown to the reader, so loaded after the page; the editor's panel is not, nor the indicator
    // section, which has nothing to show a reader here (the demo initiative follows no indicators).
    expect(loaded(scripts, 'comments-section')).toBe(true);
    expect(loaded(scripts, 'initiative-outcomes')).toBe(true);
    expect(loaded(scripts, 'publishing-panel')).toBe(false);
    expect(loaded(scripts, 'initiative-indicators')).toBe(false);
    // Hydrated: a link inside a lazy part (the lessons) navigates without a full load.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await page.locator('section[aria-labelledby="lessons"] a[href^="/lardomar/"]').first().click();
    await page.waitForURL('**/lardomar/**');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // Without JavaScript the same parts are there, from the server.
    const noScript = await s.browser.newPage({ locale: 'sv-SE', baseURL: s.server.url, javaScriptEnabled: false });
    await noScript.goto(path);
    expect(await noScript.getByRole('heading', { name: 'Frågor och kommentarer' }).count()).toBe(1);
    expect(await noScript.locator('section[aria-labelledby="lessons"] a[href^="/lardomar/"]').count()).toBeGreaterThan(0);
    await noScript.close();
  });

  it('an editor gets the publishing panel, loaded after the page', async () => {
    const { page } = s;
    await signIn(page, 'anna.lindqvist@malmo.example', 'samverka-demo');
    const { scripts, errors } = await visit(page);
    expect(errors).toEqual([]);
    expect(loaded(scripts, 'publishing-panel')).toBe(true);
    expect(loaded(scripts, 'initiative-indicators')).toBe(true); // an editor chooses the indicators to follow
    await page.locator('.panel--actions').getByRole('link', { name: 'Redigera' }).waitFor();
    await page.getByRole('heading', { name: 'Indikatorer i insatsens områden' }).waitFor();
    await signOut(page);
  });
});
