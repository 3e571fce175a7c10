import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('searching in Chromium', () => {
  // The demo seed is indexed at start, so there is something to find.
  const s = useBrowserSession({ SEED_DEMO: 'true' });

  it('finds demo initiatives from the header box, updates as the user types, narrows by a facet', async () => {
    const { page } = s;
    await page.goto(s.server.url);
    await page.getByRole('searchbox', { name: 'Sök i Samverka' }).first().fill('läxhjälp');
    await page.getByRole('searchbox', { name: 'Sök i Samverka' }).first().press('Enter');
    await page.waitForURL('**/sok?q=l%C3%A4xhj%C3%A4lp');
    await page.locator('#results-title', { hasText: 'träffar för ”läxhjälp”' }).waitFor();
    expect(await page.locator('.result-list > li').count()).toBeGreaterThan(0);
    expect(await page.locator('.result-list mark').count()).toBeGreaterThan(0);
    await s.checkAccessibility();

    // Typing in the page's own box updates the results without pressing anything.
    const box = page.locator('#search-q');
    await box.fill('segregaton'); // a typo
    await page.waitForURL(/q=segregaton/);
    await page.locator('#results-title', { hasText: '”segregaton”' }).waitFor();
    expect(await page.locator('.result-list > li').count()).toBeGreaterThan(0);

    // A facet link narrows the results and shows a removable filter.
    await box.fill('');
    await page.waitForURL((url) => url.searchParams.get('q') === '');
    // The URL changes as the navigation starts; the facets to click are those of the new results.
    await page.waitForFunction(() => {
      const title = document.querySelector('#results-title')?.textContent ?? '';
      return !title.includes('”') && document.querySelector('section.results')?.getAttribute('aria-busy') === 'false';
    });
    const facet = page.locator('section[aria-label="Typ"] a').first();
    const facetLabel = (await facet.textContent())!.trim();
    await facet.click();
    await page.waitForURL(/typ=/);
    await page.getByRole('link', { name: `Ta bort filter: ${facetLabel}` }).waitFor();
    await s.checkAccessibility();

    // Nothing found: a helpful empty state.
    await box.fill('xyzzyqwerty');
    await page.locator('.empty-state').waitFor();
    await s.checkAccessibility();
  });
});

describe.runIf(runBrowserTests)('statistics in Chromium', () => {
  const s = useBrowserSession({ SEED_DEMO: 'true' });

  it('goes from the catalogue to a kommun’s page with readable charts and tables', async () => {
    const { page } = s;
    await page.goto(`${s.server.url}/statistik`);
    await page.locator('h1', { hasText: 'Statistik' }).waitFor();
    await page.getByText('Exempeldata').first().waitFor();
    await s.checkAccessibility();
    await page.getByLabel('Välj kommun eller län').selectOption({ label: 'Malmö' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL('**/omraden/1280');
    await page.locator('h1', { hasText: 'Malmö' }).waitFor();
    // Every chart has a text alternative and a table with the same values.
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(7);
    expect(await page.locator('figure.chart svg[role="img"] title').count()).toBe(7);
    expect(await page.locator('figure.chart table').count()).toBe(7);
    await s.checkAccessibility();
  });
});
