import { afterAll, describe, expect, it } from 'vitest';
import { KOMMUNER } from '#db/seed/areas-data.server.ts';
import { runBrowserTests, signIn, useBrowserSession } from '../support/browser.ts';
import { koladaItems, startStatsApi } from '../support/stats-api.ts';

// Kolada as a real HTTP server on a loopback port, answering in Kolada v3's documented shapes.
const api = await startStatsApi();
afterAll(() => api.close());

const KPI = 'N00945';
const YEARS = [2020, 2021, 2022, 2023];
// A value per kommun and year that the test can recompute: Malmö (1280) in 2023 is 1280 % 50 + 20 + 3 × 0,5 = 51,5.
const valueFor = (code: string, year: number) => (Number(code) % 50) + 20 + (year - 2020) * 0.5;
api.kpis.set(KPI, {
  title: 'Invånare 25–64 år med eftergymnasial utbildning, andel (%)',
  description: 'Antal invånare 25–64 år med minst tre års eftergymnasial utbildning, dividerat med antal invånare 25–64 år.',
  items: koladaItems(
    KPI,
    KOMMUNER.map((k) => k.code),
    YEARS,
    valueFor,
  ),
  pageSize: 400,
});

describe.runIf(runBrowserTests)('an editor brings a Kolada key figure in through the import page, in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true', KOLADA_API_URL: api.koladaUrl });
  const checkAccessibility = () => session.checkAccessibility();

  it('searches Kolada, makes a new indicator of the KPI, opens its map, follows Malmö and sees the key figure', async () => {
    const { page, server } = session;
    await page.setViewportSize({ width: 1280, height: 900 });
    // Sign in as the admin of the verified Malmö stad (demo data).
    await signIn(page, 'anna.lindqvist@malmo.example', 'samverka-demo');

    // Search Kolada by words; the KPI found is offered with its id.
    await page.goto(`${server.url}/statistik/import`);
    await page.getByLabel('Sök nyckeltal (ord eller id, till exempel N00914)').fill('eftergymnasial');
    await page.getByRole('button', { name: 'Sök i Kolada' }).click();
    const kpiChoice = page.getByRole('radio', { name: /Invånare 25–64 år med eftergymnasial utbildning.*\(N00945\)/ });
    await kpiChoice.waitFor();
    expect(await kpiChoice.isChecked()).toBe(true);
    await checkAccessibility();

    // All kommuner, four years, into a new indicator made from the KPI (the SCB form below has fields of the same names).
    const kolada = page.locator('form', { has: page.locator('input[name="api"][value="kolada"]') });
    await kolada.getByRole('radio', { name: 'Alla kommuner, län och riket' }).check();
    await kolada.getByLabel('År (till exempel 2015-2024)').fill('2020-2023');
    await kolada.getByLabel('Till indikator').selectOption('__new');
    await kolada.getByLabel('Kod för den nya indikatorn').fill('eftergymnasial');
    await kolada.getByLabel('Enhet').fill('procent');
    await kolada.getByRole('button', { name: 'Hämta och förhandsgranska' }).click();
    // The demo catalogue already has an indicator coded "eftergymnasial": the field says so, and nothing was fetched.
    await page.getByText('Det finns redan en indikator med den koden.', { exact: false }).waitFor();
    expect(api.requests.filter((r) => r.includes('/data/'))).toEqual([]);
    await checkAccessibility();
    await kolada.getByLabel('Kod för den nya indikatorn').fill('eftergymnasial_kolada');
    await kolada.getByRole('button', { name: 'Hämta och förhandsgranska' }).click();

    // The same preview as a file import: counts, and nothing stored yet.
    const preview = page.getByRole('heading', { name: 'Förhandsgranskning' });
    await preview.waitFor();
    await checkAccessibility();
    const summary = (await page.locator('main').textContent()) ?? '';
    // Kolada's three genders (T, K, M) become the breakdowns totalt, kvinnor and män.
    expect(summary).toContain(`${(KOMMUNER.length * YEARS.length * 3).toLocaleString('sv-SE')} rader`);
    expect(api.requests.some((r) => r.startsWith(`/kolada/v3/data/kpi/${KPI}/year/2020,2021,2022,2023`))).toBe(true);
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByRole('heading', { name: 'Importen är klar' }).waitFor();
    await checkAccessibility();

    // The new indicator's map: every kommun, Malmö with its 2023 value.
    await page.goto(`${server.url}/statistik/eftergymnasial_kolada`);
    await page.locator('h1', { hasText: 'Invånare 25–64 år med eftergymnasial utbildning' }).waitFor();
    await checkAccessibility();
    const map = page.locator('figure.map svg.map__svg');
    expect(await map.locator('a').count()).toBe(290);
    const malmo = map.locator('a[href="/omraden/1280"]');
    expect(await malmo.getAttribute('aria-label')).toBe('Malmö: 51,5\u00a0%');
    await page.getByText('Kolada', { exact: false }).first().waitFor();

    // Follow Malmö to its area page: the key figure is there, with its change over the years.
    await malmo.click();
    await page.waitForURL('**/omraden/1280');
    await page.getByRole('heading', { name: 'Nyckeltal' }).waitFor();
    const figure = page.locator('.key-figure', { has: page.getByRole('link', { name: /Invånare 25–64 år med eftergymnasial utbildning/ }) });
    expect(await figure.locator('.key-figure__value').textContent()).toContain('51,5\u00a0%');
    await checkAccessibility();
  });
});
