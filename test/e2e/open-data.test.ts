import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

/**
 * Open data through the real server (issue 18): a browser asking for the catalogue lands on the page for
 * people; a harvester gets Turtle; CORS headers come out once, through Express and Remix; the preflight.
 */
describe.runIf(runBrowserTests)('open data and the DCAT-AP-SE catalogue, in Chromium and over HTTP', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('sends a browser from the catalogue to its page, readable in both languages', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/oppna-data/katalog`);
    await page.waitForURL('**/oppna-data');
    await page.locator('h1', { hasText: 'Öppna data' }).waitFor();
    await page.getByRole('heading', { name: 'Insatser mot segregation', exact: true }).waitFor();
    await page.locator('#insatser summary').click();
    await page.getByRole('cell', { name: 'success_factors' }).waitFor();
    // The comments of public items (issue 16): their own dataset, its two files and what the columns mean.
    await page.getByRole('heading', { name: 'Frågor och kommentarer om insatser, lärdomar och ögonblicksbilder', exact: true }).waitFor();
    await page.locator('#kommentarer summary').click();
    await page.getByRole('cell', { name: 'author_organizations' }).waitFor();
    await session.checkAccessibility();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/oppna-data-${width}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `overflow at ${width} px`).toBeLessThanOrEqual(0);
    }
    // Back to a wide screen, where the language switch is in the header rather than behind the phone menu.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'In English' }).click();
    await page.locator('h1', { hasText: 'Open data' }).waitFor();
    await session.checkAccessibility();
    await page.getByRole('contentinfo').getByRole('link', { name: 'Open data' }).waitFor();
  });

  it('gives a harvester Turtle, and every reader one CORS header, never with credentials; answers the preflight', async () => {
    const { server } = session;
    const turtle = await fetch(`${server.url}/oppna-data/katalog`, { headers: { Accept: 'text/turtle' } });
    expect(turtle.status).toBe(200);
    expect(new Parser().parse(await turtle.text()).length).toBeGreaterThan(50);
    for (const path of ['/api/v1/initiatives?limit=1', '/oppna-data/insatser.csv', '/oppna-data/katalog.jsonld', '/api/openapi.json']) {
      const res = await fetch(`${server.url}${path}`, { headers: { Origin: 'https://forskning.example' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    const preflight = await fetch(`${server.url}/api/v1/initiatives`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://forskning.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
