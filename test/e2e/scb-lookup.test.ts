import { afterAll, describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';
import { startStatsApi } from '../support/stats-api.ts';

// SCB's PxWebApi 2.0 as a real HTTP server on a loopback port: TAB638's metadata in the documented shape and the recorded data answer.
const api = await startStatsApi();
api.tables.set('TAB638', {});
afterAll(() => api.close());

describe.runIf(runBrowserTests)('an editor picks an SCB selection by name on the import page, in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true', SCB_API_URL: api.scbUrl });

  it('looks a table up, picks regions, years and the other variables from lists, and gets the preview; an unknown table is named', async () => {
    const { page, server } = session;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/logga-in`);
    await page.getByLabel('E-postadress').fill('anna.lindqvist@malmo.example');
    await page.getByLabel('Lösenord').fill('samverka-demo');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();

    // A table SCB does not have: said for that table, nothing else asked.
    await page.goto(`${server.url}/statistik/import`);
    await page.getByLabel('Tabell-id i SCB:s statistikdatabas (till exempel TAB638)').fill('TAB999');
    await page.getByRole('button', { name: 'Visa tabellens variabler' }).click();
    await page.getByText('SCB har ingen tabell med id:t TAB999.', { exact: false }).waitFor();
    await session.checkAccessibility();

    // The real table: its variables with SCB's names.
    await page.getByLabel('Tabell-id i SCB:s statistikdatabas (till exempel TAB638)').fill('TAB638');
    await page.getByRole('button', { name: 'Visa tabellens variabler' }).click();
    const form = page.locator('form.scb-selection');
    await form.getByLabel('Region: välj regioner').waitFor();
    expect(await form.getByLabel('Region: välj regioner').locator('option').allTextContents()).toContain('Malmö (1280)');
    await session.checkAccessibility();
    await form.getByLabel('Region: välj regioner').selectOption(['00']);
    await form.getByLabel('År: välj år').selectOption(['2024']);
    await form.getByLabel('Civilstånd').selectOption('OG');
    await form.getByLabel('Ålder').selectOption('0');
    await form.getByLabel('Kön').selectOption('1');
    await form.getByLabel('Tabellinnehåll: välj ett innehåll').selectOption('BE0101N1');
    await form.getByLabel('Till indikator').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Hämta och förhandsgranska' }).click();
    await page.getByRole('heading', { name: 'Förhandsgranskning' }).waitFor();
    expect(api.requests.filter((r) => r.includes('/data'))).toEqual([
      '/scb/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2&valuecodes[Region]=00&valuecodes[Tid]=2024&valuecodes[ContentsCode]=BE0101N1&valuecodes[Civilstand]=OG&valuecodes[Alder]=0&valuecodes[Kon]=1',
    ]);
    await session.checkAccessibility();
  });
});
