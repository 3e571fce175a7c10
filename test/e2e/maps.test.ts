import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('maps in Chromium: an indicator map, an area page, the efforts map', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });
  const checkAccessibility = () => session.checkAccessibility();

  it('opens an indicator map from the catalogue, follows Malmö to its area page and finds the same key figure', async () => {
    const { page, server } = session;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/statistik`);
    await page.getByRole('link', { name: 'Sysselsättningsgrad 20–64 år' }).click();
    await page.waitForURL('**/statistik/sysselsattning');
    // Client-side navigation: the URL changes before the new page has rendered.
    await page.locator('h1', { hasText: 'Sysselsättningsgrad 20–64 år' }).waitFor();
    await checkAccessibility();
    const map = page.locator('figure.map svg.map__svg');
    expect(await map.locator('a').count()).toBe(290);
    const malmo = map.locator('a[href="/omraden/1280"]');
    const label = (await malmo.getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/^Malmö: \d+,\d\u00a0%$/);
    // With JavaScript, hovering shows the value in a tooltip.
    await malmo.hover();
    await expect.poll(() => page.locator('.map__tip').textContent()).toBe(label);
    // The table holds the same value.
    const value = label.replace('Malmö: ', '').replace('\u00a0%', '');
    expect(await page.getByRole('row', { name: /^Malmö / }).getByRole('cell').textContent()).toBe(value);
    // Sorting by value works as a plain link.
    await page.getByRole('link', { name: /^Värde/ }).click();
    await page.waitForURL('**sortera=varde**');
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Värde' }).waitFor();
    await checkAccessibility();
    await page.goto(`${server.url}/statistik/sysselsattning?niva=lan`);
    expect(await page.locator('figure.map svg a').count()).toBe(21);
    await checkAccessibility();

    await page.goto(`${server.url}/statistik/sysselsattning`);
    await page.locator('figure.map svg a[href="/omraden/1280"]').click();
    await page.waitForURL('**/omraden/1280');
    await page.getByRole('heading', { name: 'Nyckeltal' }).waitFor();
    const figure = page.locator('.key-figure', { has: page.getByRole('link', { name: 'Sysselsättningsgrad 20–64 år' }) });
    expect(await figure.locator('.key-figure__value').textContent()).toContain(`${value}\u00a0%`);
    // Against the län: a judgement in words, with the län's value beside it.
    expect(await figure.getByRole('cell').nth(2).textContent()).toMatch(/^(bättre|sämre|samma nivå) \(\d+,\d\u00a0%\)$/);
    expect(await page.getByRole('columnheader').nth(3).textContent()).toBe('Jämfört med Skåne län');
    await page.getByRole('img', { name: 'Läge: Malmö i Skåne län' }).waitFor();
    await checkAccessibility();
  });

  it('filters the efforts map by a success factor and follows a kommun to its initiatives', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/insatser`);
    await page.getByRole('link', { name: 'Insatser på karta' }).click();
    await page.waitForURL('**/insatser/karta');
    await page.locator('h1', { hasText: 'Insatser på karta' }).waitFor();
    await checkAccessibility();
    const all = await page.locator('figure.map svg a').count();
    expect(all).toBeGreaterThan(0);
    await page.getByLabel('Framgångsfaktor').selectOption('cross_sector');
    await page.getByLabel('Jämför med indikator').selectOption('ekonomiskt_bistand');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL('**faktor=cross_sector**');
    await page.locator('#need-map-title').waitFor();
    await checkAccessibility();
    expect(await page.locator('figure.map').count()).toBe(2);
    const circle = page.locator('figure.map svg a[href*="omrade=1280"]');
    const name = (await circle.getAttribute('aria-label')) ?? '';
    const n = Number(/: (\d+) insats/.exec(name)?.[1]);
    expect(n).toBeGreaterThan(0);
    await circle.click();
    await page.waitForURL('**/insatser?faktor=cross_sector&omrade=1280');
    await expect.poll(() => page.locator('#results-title').textContent()).toBe(`${n} insatser`);
    await checkAccessibility();
  });
});
