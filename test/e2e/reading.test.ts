import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, runBrowserTests, useBrowserSession } from '../support/browser.ts';

/**
 * Issue 14 in Chromium: the phone header's menu and the search filters at 390×844, the "Hoppa till resultaten"
 * skip link (the first hit within three Tab presses, on a phone and a laptop), the Lättläst switch, "Skriv en
 * lärdom", and the pages people look for (help, accessibility, privacy, contact) in both languages.
 */
describe.runIf(runBrowserTests)('reading on phones and keyboards', () => {
  const s = useBrowserSession({ SEED_DEMO: 'true' });
  const phone = { width: 390, height: 844 };

  /** Accessible names (aria-label, or a control's label, or its text) with a space before a colon: "Ägare :". */
  const strayColons = (page: Page) =>
    page.evaluate(() => {
      const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const named = document.querySelectorAll('a, button, input, select, textarea, summary, label, legend, dt, th, [aria-label]');
      return [...named]
        .map((el) => el.getAttribute('aria-label') ?? ((el.id && text(document.querySelector(`label[for="${el.id}"]`))) || text(el)))
        .filter((name) => /\s:/.test(name));
    });

  const focused = (page: Page) => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', tag: document.activeElement?.tagName ?? '', href: document.activeElement?.getAttribute('href') ?? null }));

  it('folds the navigation into a Meny button on a phone: opens, closes with Escape, closes on following a link', async () => {
    const { page, server } = s;
    await page.setViewportSize(phone);
    await page.goto(server.url);
    const header = await page.locator('header.site-header').boundingBox();
    expect(header!.height).toBeLessThan(140); // 271 px before the compact header
    // The wide navigation bar is not shown; the menu button is, closed.
    expect(await page.locator('nav.site-nav').isVisible()).toBe(false);
    const menu = page.locator('summary', { hasText: 'Meny' });
    const mainNav = page.getByRole('navigation', { name: 'Huvudmeny' });
    expect(await mainNav.count()).toBe(0);
    await menu.click();
    await mainNav.getByRole('link', { name: 'Insatser' }).waitFor();
    expect(await page.evaluate(() => document.querySelector('details.phone-menu')?.hasAttribute('open'))).toBe(true);
    await s.checkAccessibility();

    // Escape closes it and leaves the focus on the button.
    await mainNav.getByRole('link', { name: 'Lärdomar' }).focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.querySelector('details.phone-menu')?.hasAttribute('open'))).toBe(false);
    expect((await focused(page)).tag).toBe('SUMMARY');

    // Opened from the keyboard, a link in it navigates and the menu closes behind it.
    await page.keyboard.press('Enter');
    await mainNav.getByRole('link', { name: 'Lärdomar' }).click();
    await page.waitForURL('**/lardomar');
    await page.locator('h1', { hasText: 'Lärdomar' }).waitFor();
    expect(await page.evaluate(() => document.querySelector('details.phone-menu')?.hasAttribute('open'))).toBe(false);

    // Without JavaScript the menu still opens: it is a plain <details>.
    const noScript = await s.browser.newPage({ locale: 'sv-SE', viewport: phone, javaScriptEnabled: false });
    await noScript.goto(server.url);
    await noScript.locator('summary', { hasText: 'Meny' }).click();
    await noScript.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Statistik' }).waitFor();
    await noScript.close();
  });

  it("follows the site's own links within the page, marks the current page, and leaves new-tab clicks to the browser", async () => {
    const { page, server } = s;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/sok?q=l%C3%A4xhj%C3%A4lp`);
    await page.locator('.result-list a').first().waitFor();
    // A mark on the window survives only a navigation inside the page, not a new document.
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    const mainNav = page.locator('nav.site-nav');
    await mainNav.getByRole('link', { name: 'Lärdomar' }).click();
    await page.waitForURL('**/lardomar');
    await page.locator('h1', { hasText: 'Lärdomar' }).waitFor();
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
    expect(await mainNav.getByRole('link', { name: 'Lärdomar' }).getAttribute('aria-current')).toBe('page');
    expect(await mainNav.getByRole('link', { name: 'Insatser' }).getAttribute('aria-current')).toBeNull();

    // A search hit and a footer link too.
    await page.goto(`${server.url}/sok?q=l%C3%A4xhj%C3%A4lp`);
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    const hit = page.locator('.result-list a').first();
    const href = (await hit.getAttribute('href'))!;
    await hit.click();
    await page.waitForURL(`**${href}`);
    await page.locator('footer').getByRole('link', { name: 'Hjälp' }).click();
    await page.waitForURL('**/hjalp');
    expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);

    // A click with Ctrl (a new tab) is not taken over: a listener after the app's sees it untouched.
    const taken = await page.evaluate(() => {
      let prevented: boolean | null = null;
      document.addEventListener('click', (event) => {
        prevented = event.defaultPrevented;
        event.preventDefault();
      }, { once: true });
      const link = document.querySelector('nav.site-nav a[href="/insatser"]')!;
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true, button: 0 }));
      return prevented;
    });
    expect(taken).toBe(false);
  });

  it('shows the hits first on a phone, with the filters behind Filtrera', async () => {
    const { page, server } = s;
    await page.setViewportSize(phone);
    await page.goto(`${server.url}/sok?q=l%C3%A4xhj%C3%A4lp`);
    await page.locator('#results-title', { hasText: 'träffar för ”läxhjälp”' }).waitFor();
    expect(await strayColons(page)).toEqual([]);
    const filters = page.getByRole('navigation', { name: 'Avgränsa' });
    expect(await filters.isVisible()).toBe(false);
    const toggle = page.getByRole('link', { name: 'Filtrera' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // The first hit is on the first screen.
    const firstHit = await page.locator('.result-list a').first().boundingBox();
    expect(firstHit!.y + firstHit!.height).toBeLessThan(phone.height);
    await s.checkAccessibility();

    await toggle.click();
    await page.waitForURL(/filtrera=1/);
    await filters.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await s.checkAccessibility();
    // Choosing a filter shows the hits again, narrowed, and says how many filters are chosen.
    await filters.locator('section[aria-label="Typ"] a', { hasText: 'Insats' }).click();
    await page.waitForURL((url) => url.searchParams.get('typ') === 'initiative' && !url.searchParams.has('filtrera'));
    await page.getByRole('link', { name: 'Ta bort filter: Insats' }).waitFor();
    expect(await filters.isVisible()).toBe(false);
    await page.getByRole('link', { name: 'Filtrera (1 filter valt)' }).waitFor();
  });

  for (const width of [390, 1280]) {
    it(`reaches the first search hit in at most three Tab presses at ${width} px`, async () => {
      const { page, server } = s;
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${server.url}/sok?q=l%C3%A4xhj%C3%A4lp`);
      await page.locator('.result-list a').first().waitFor();
      const firstHit = await page.locator('.result-list a').first().getAttribute('href');
      let tabs = 0;
      for (; tabs < 15; ) {
        await page.keyboard.press('Tab');
        tabs++;
        const now = await focused(page);
        if (now.href === firstHit) break;
        // A keyboard user follows the skip link to the results when it comes.
        if (now.text === 'Hoppa till resultaten') await page.keyboard.press('Enter');
      }
      expect((await focused(page)).href).toBe(firstHit);
      expect(tabs).toBeLessThanOrEqual(3);
    });
  }

  it('switches a write-up to its plain-language summary, without JavaScript too', async () => {
    const { page, server } = s;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/insatser/laxhjalp-rosengard`);
    const switcher = page.getByRole('navigation', { name: 'Välj hur sammanfattningen visas' });
    expect(await switcher.getByRole('link', { name: 'Vanlig text' }).getAttribute('aria-current')).toBe('true');
    await switcher.getByRole('link', { name: 'Lättläst' }).click();
    await page.waitForURL(/lattlast=1/);
    await page.getByRole('heading', { name: 'Lättläst sammanfattning' }).waitFor();
    expect(await page.getByText('Det är gratis.').isVisible()).toBe(true);
    await s.checkAccessibility();
    expect(await strayColons(page)).toEqual([]);

    const noScript = await s.browser.newPage({ locale: 'sv-SE', javaScriptEnabled: false });
    await noScript.goto(`${server.url}/lardomar/lardom-laxhjalp-kontinuitet`);
    await noScript.getByRole('link', { name: 'Lättläst' }).click();
    await noScript.getByRole('heading', { name: 'Lättläst sammanfattning' }).waitFor();
    await noScript.close();
  });

  it('lets an editor start a lesson from the initiative, linked to it', async () => {
    const { page, server } = s;
    const context = await s.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const editor = await context.newPage();
    await editor.goto(`${server.url}/logga-in`);
    await editor.getByLabel('E-postadress').fill('fatima.hassan@forening.example');
    await editor.getByLabel('Lösenord').fill('samverka-demo');
    await editor.getByRole('button', { name: 'Logga in', exact: true }).click();
    await editor.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    await editor.goto(`${server.url}/insatser/laxhjalp-rosengard`);
    await editor.getByRole('link', { name: 'Skriv en lärdom' }).click();
    await editor.waitForURL(/\/lardomar\/ny\?insats=/);
    await editor.getByText('Lärdomen kopplas till insatsen ”Läxhjälp och språkcafé i Rosengård (exempel)”.').waitFor();
    expect(await editor.getByLabel('Hör till insatsen').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toBe('Läxhjälp och språkcafé i Rosengård (exempel)');
    expect(await editor.getByLabel('Lättläst sammanfattning').getAttribute('maxlength')).toBe('500');
    expect(await strayColons(editor)).toEqual([]);
    const violations = await axeViolations(editor);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
    // A reader who may not write lessons for it sees no such button.
    await page.goto(`${server.url}/insatser/laxhjalp-rosengard`);
    expect(await page.getByRole('link', { name: 'Skriv en lärdom' }).count()).toBe(0);
  });

  it('links help, accessibility, privacy and contact from the footer, in Swedish and English', async () => {
    const { page, server } = s;
    await page.setViewportSize({ width: 1280, height: 900 });
    const pages = [
      { link: 'Hjälp', sv: 'Hjälp', en: 'Help', path: '/hjalp' },
      { link: 'Tillgänglighet', sv: 'Tillgänglighet för Samverka', en: 'Accessibility statement', path: '/tillganglighet' },
      { link: 'Integritet och personuppgifter', sv: 'Integritet och personuppgifter', en: 'Privacy and personal data', path: '/integritet' },
      { link: 'Kontakt', sv: 'Kontakt', en: 'Contact', path: '/kontakt' },
    ];
    for (const p of pages) {
      await page.goto(server.url);
      await page.getByRole('contentinfo').getByRole('link', { name: p.link, exact: true }).click();
      await page.waitForURL(`**${p.path}`);
      await page.locator('h1', { hasText: p.sv }).waitFor();
      await s.checkAccessibility();
      expect(await strayColons(page)).toEqual([]);
    }
    // The statement names Digg and says how to report a problem.
    await page.goto(`${server.url}/tillganglighet`);
    await page.getByRole('link', { name: 'Anmäl en brist i digital tillgänglighet till Digg' }).waitFor();
    expect(await page.locator('a[href^="mailto:"]').count()).toBeGreaterThan(0);
    // The favicon is an SVG the server serves.
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const res = await page.request.get(`${server.url}${icon}`);
    expect(res.headers()['content-type']).toContain('image/svg+xml');

    await page.getByRole('button', { name: 'In English' }).click();
    await page.locator('h1', { hasText: 'Accessibility statement' }).waitFor();
    for (const p of pages) {
      await page.goto(`${server.url}${p.path}`);
      await page.locator('h1', { hasText: p.en }).waitFor();
      await s.checkAccessibility();
    }
    // The phone menu in English.
    await page.setViewportSize(phone);
    await page.locator('summary', { hasText: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Initiatives' }).waitFor();
    await s.checkAccessibility();
    await page.getByRole('button', { name: 'På svenska' }).last().click();
    await page.locator('h1', { hasText: 'Kontakt' }).waitFor();
  });
});
