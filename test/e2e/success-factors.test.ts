import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

/** Set SCREENSHOT_DIR to keep the page's screenshots at both widths for a person to look at. */
const screenshotDir = process.env.SCREENSHOT_DIR;

describe.runIf(runBrowserTests)('success-factor insight in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('is reached from /statistik and an area page, picks an area, links each number to its list, in both languages, at 1280 and 390 px', async () => {
    const { page, server } = session;
    const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    const shot = async (name: string) => {
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    };
    await page.setViewportSize({ width: 1280, height: 900 });

    // From the statistics catalogue.
    await page.goto(`${server.url}/statistik`);
    await page.getByRole('link', { name: 'Framgångsfaktorer i praktiken' }).click();
    await page.waitForURL('**/statistik/framgangsfaktorer');
    await page.getByRole('heading', { level: 1, name: 'Framgångsfaktorer i Sverige' }).waitFor();
    await session.checkAccessibility();

    // Malmö from the picker: the numbers are text, and each links to a list of exactly that many.
    await page.getByLabel('Område', { exact: true }).selectOption({ label: 'Malmö' });
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.waitForURL('**/statistik/framgangsfaktorer?omrade=1280&tema=');
    await page.getByRole('heading', { level: 1, name: 'Framgångsfaktorer i Malmö' }).waitFor();
    await session.checkAccessibility();
    await shot('insight-sv-1280');
    const table = page.getByRole('table', { name: 'Antal insatser per framgångsfaktor och kännetecken' });
    const row = table.getByRole('row', { name: /Samverkan och samordning/ });
    const link = row.getByRole('link');
    const count = Number(await link.textContent());
    expect(count).toBeGreaterThan(0);
    expect(await link.getAttribute('href')).toBe('/insatser?omrade=1280&faktor=collaboration');
    await link.click();
    await page.waitForURL('**/insatser?omrade=1280&faktor=collaboration');
    await page.getByRole('heading', { level: 2, name: `${count} insatser` }).waitFor();

    // A measured characteristic: the browse page shows its filter ticked.
    await page.goBack();
    const evaluated = page.getByRole('table').getByRole('row', { name: /Utvärderade/ }).getByRole('link');
    const evaluatedCount = Number(await evaluated.textContent());
    await evaluated.click();
    await page.waitForURL('**/insatser?omrade=1280&utvarderad=1');
    await page.getByRole('heading', { level: 2, name: `${evaluatedCount} insatser` }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Utvärderade' }).isChecked()).toBe(true);
    await session.checkAccessibility();
    await shot('browse-evaluated-1280');

    // Narrow screen: bars and table stack, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/statistik/framgangsfaktorer?omrade=1280`);
    await page.getByRole('heading', { level: 1, name: 'Framgångsfaktorer i Malmö' }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await session.checkAccessibility();
    await shot('insight-sv-390');

    // From an area page.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/omraden/12`);
    await page.getByRole('link', { name: 'Framgångsfaktorer i Skåne län' }).click();
    await page.waitForURL('**/statistik/framgangsfaktorer?omrade=12');
    await page.getByRole('heading', { level: 1, name: 'Framgångsfaktorer i Skåne län' }).waitFor();

    // In English, at both widths.
    await page.getByRole('button', { name: 'In English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Success factors in Skåne län' }).waitFor();
    await page.getByRole('table', { name: 'Number of initiatives per success factor and characteristic' }).waitFor();
    await session.checkAccessibility();
    await shot('insight-en-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Success factors in Skåne län' }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await session.checkAccessibility();
    await shot('insight-en-390');

    // A bad theme: 400 with a message and a way back.
    const res = await page.goto(`${server.url}/statistik/framgangsfaktorer?tema=sport`);
    expect(res?.status()).toBe(400);
    await page.getByText('Unknown theme “sport”. Choose one of the themes in the list.').waitFor();
    await session.checkAccessibility();
  });
});
