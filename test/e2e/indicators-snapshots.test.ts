import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('an editor imports values, takes a snapshot and attaches it to an initiative in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });
  const checkAccessibility = () => session.checkAccessibility();

  it('imports a corrected file, freezes Malmö’s values and sees them beside the initiative’s marked period', async () => {
    const { page, server, visited } = session;
    const title = `Nuläge före feriejobben ${Date.now()}`;

    // Sign in as the admin of the verified Malmö stad.
    await page.goto(`${server.url}/logga-in`);
    await checkAccessibility();
    await signIn(page, 'anna.lindqvist@malmo.example', 'samverka-demo');
    await page.waitForURL(server.url + '/');

    // From the catalogue to the import page.
    await page.goto(`${server.url}/statistik`);
    await page.getByRole('link', { name: 'Ögonblicksbilder', exact: true }).waitFor();
    await checkAccessibility();
    await page.goto(`${server.url}/statistik/import`);
    await page.locator('h1', { hasText: 'Importera' }).waitFor();
    await checkAccessibility();

    // A file with one bad row (an unknown area on line 3): refused, with the line and column named.
    const upload = async (csv: string) => {
      await page.locator('input[type="file"][name="file"]').setInputFiles({ name: 'malmo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByLabel('Källa', { exact: true }).fill('SCB, Statistikdatabasen (test)');
      await page.getByRole('button', { name: 'Granska filen' }).click();
    };
    await upload('indikator;område;period;värde\nsysselsattning;1280;2020;61,5\nsysselsattning;9999;2020;70,0\n');
    const problems = page.getByRole('alert');
    await problems.getByText('Rad 3', { exact: false }).waitFor();
    const problemText = (await problems.textContent()) ?? '';
    expect(problemText).toContain('Rad 3, kolumn område');
    expect(problemText).toContain('Okänd områdeskod');
    await checkAccessibility();

    // The fixed file: a preview, then the import.
    await upload('indikator;område;period;värde\nsysselsattning;1280;2020;61,5\nsysselsattning;1280;2021;62,5\n');
    await page.getByRole('heading', { name: 'Förhandsgranskning' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByRole('heading', { name: 'Importen är klar' }).waitFor();
    await checkAccessibility();

    // Take a snapshot of Malmö for the years before the initiative started.
    await page.goto(`${server.url}/ogonblicksbilder`);
    await checkAccessibility();
    await page.getByRole('link', { name: 'Ta en ögonblicksbild' }).click();
    await page.waitForURL('**/ogonblicksbilder/ny');
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();
    // Nothing chosen: specific errors, nothing saved.
    await page.getByRole('button', { name: 'Ta ögonblicksbild' }).click();
    await page.locator('#field-indicatorCodes-error').waitFor();
    expect(await page.locator('#field-indicatorCodes-error').textContent()).toBe('Välj minst en indikator.');
    expect(await page.locator('#field-areaCode-error').textContent()).toBe('Välj ett område.');
    expect(page.url()).toBe(`${server.url}/ogonblicksbilder/ny`);
    await checkAccessibility();

    await page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' }).fill(title);
    await page.getByLabel('Område (obligatoriskt)').selectOption({ label: 'Malmö' });
    await page.getByRole('group', { name: 'Indikatorer', exact: true }).getByRole('checkbox', { name: 'Sysselsättningsgrad 20–64 år' }).check();
    await page.getByLabel('Från år (obligatoriskt)').selectOption('2018');
    await page.getByLabel('Till år (obligatoriskt)').selectOption('2021');
    const editor = page.getByRole('textbox', { name: 'Kommentar' });
    await editor.click();
    await page.keyboard.type('Läget innan feriejobben startade 2022.');
    await expect.poll(() => page.locator('input[name="commentary"]').inputValue(), { timeout: 10_000 }).toContain('feriejobben startade');
    await page.getByRole('button', { name: 'Ta ögonblicksbild' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/ogonblicksbilder/') && url.pathname !== '/ogonblicksbilder/ny');
    await page.locator('h1', { hasText: title }).waitFor();
    await page.getByText('senare importer ändrar inte den här ögonblicksbilden', { exact: false }).waitFor();
    expect(await page.locator('.rich-text').first().textContent()).toContain('Läget innan feriejobben startade 2022.');
    // The frozen chart and its table hold the value just imported, with its provenance.
    const frozen = page.locator('figure.chart').first();
    expect(await frozen.locator('.chart__title').textContent()).toBe('Sysselsättningsgrad 20–64 år');
    const row2020 = frozen.locator('tbody tr', { has: page.locator('th', { hasText: '2020' }) });
    expect(await row2020.locator('td').first().textContent()).toBe('61,5');
    expect(await page.locator('.provenance').first().textContent()).toContain('SCB, Statistikdatabasen (test)');
    const snapshotPath = new URL(page.url()).pathname;
    await checkAccessibility();

    // Attach it to one of Malmö's demo initiatives as its baseline.
    const initiativeTitle = 'Feriejobb med handledning för unga 16–18 år (exempel)';
    await page.getByLabel('Koppla till insats (obligatoriskt)').selectOption({ label: initiativeTitle });
    await page.getByRole('radio', { name: 'Nuläge före' }).check();
    await page.getByRole('button', { name: 'Koppla', exact: true }).click();
    const attachedLink = page.getByRole('region', { name: 'Kopplad till insatser' }).getByRole('link', { name: initiativeTitle });
    await attachedLink.waitFor();
    expect(new URL(page.url()).pathname).toBe(snapshotPath);
    await checkAccessibility();

    // The initiative page: the chart with the initiative's period (2022-01-15 – 2024-09-30) marked, in words too.
    await attachedLink.click();
    await page.waitForURL('**/insatser/feriejobb-malmo');
    const section = page.getByRole('region', { name: 'Indikatorer i insatsens områden' });
    await section.waitFor();
    await section.getByText('En trend visar samband, inte effekt', { exact: false }).waitFor();
    expect(await section.textContent()).toContain('Insatsens period, 2022-01-15 – 2024-09-30, är markerad i diagrammen.');
    const chart = section.locator('figure.chart', { hasText: 'Sysselsättningsgrad 20–64 år, Malmö' });
    await chart.waitFor();
    expect(await chart.locator('.chart__band').count()).toBe(1);
    expect(await chart.locator('.chart__band-label').textContent()).toBe('Insatsen 2022–2024');
    expect(await chart.locator('thead th').last().textContent()).toBe('Insatsen 2022–2024');
    const phaseOf = async (year: string) => (await chart.locator('tbody tr', { has: page.locator('th', { hasText: year }) }).locator('td').last().textContent())?.trim();
    expect(await phaseOf('2021')).toBe('Före');
    expect(await phaseOf('2023')).toBe('Under');
    expect(await chart.locator('tbody tr', { has: page.locator('th', { hasText: '2021' }) }).locator('td').first().textContent()).toBe('62,5');
    expect(await section.locator('.initiative-chart__phases').first().textContent()).toContain('Under insatsen: 2022–2024');
    // The snapshot is listed with its role and frozen key figures.
    const listed = section.locator('li.card', { hasText: title });
    expect(await listed.textContent()).toContain('Nuläge före');
    expect(await listed.textContent()).toContain('(2018)');
    expect(await listed.textContent()).toContain('(2021)');
    await checkAccessibility();

    // Malmö's area page lists the snapshot (a draft, which its editor may read).
    await page.goto(`${server.url}/omraden/1280`);
    await page.getByRole('region', { name: 'Ögonblicksbilder' }).getByRole('link', { name: title }).waitFor();
    await checkAccessibility();

    expect(visited.length).toBe(13);
  });
});
