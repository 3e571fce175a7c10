import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('an editor writes, publishes and a visitor finds an initiative in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });
  const checkAccessibility = () => session.checkAccessibility();

  it('writes a draft with rich text, publishes it publicly, and a signed-out visitor filters to it and reads it', async () => {
    const { page, server, visited } = session;
    const title = `Läxhjälp i Rosengård ${Date.now()}`;
    const summary = 'Frivilliga ger läxhjälp två kvällar i veckan på biblioteket.';
    const paragraph = 'Eleverna får stöd i matematik och svenska, läs mer på webbplatsen';
    const linkHref = 'https://malmo.example/laxhjalp';

    // Sign in as the admin of a verified organisation.
    await page.goto(`${server.url}/logga-in`);
    await page.getByLabel('E-postadress').fill('anna.lindqvist@malmo.example');
    await page.getByLabel('Lösenord').fill('samverka-demo');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL(server.url + '/');
    await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();

    // From the browse page to the new-initiative form.
    await page.goto(`${server.url}/insatser`);
    await page.getByRole('link', { name: 'Skriv en insats' }).click();
    await page.waitForURL('**/insatser/ny');
    await page.locator('h1', { hasText: 'Skriv en insats' }).waitFor();
    // The editor replaces the plain textarea once the scripts have run.
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();

    // An end date before the start date: the error shows beside the field and nothing typed is lost.
    const titleField = page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' });
    await titleField.fill(title);
    await page.getByLabel('Startdatum').fill('2024-09-01');
    await page.getByLabel('Slutdatum').fill('2024-08-01');
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.locator('#field-endDate-error').waitFor();
    expect(await page.locator('#field-endDate-error').textContent()).toBe('Slutdatum kan inte vara före startdatum.');
    expect(await page.getByLabel('Slutdatum').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Slutdatum').getAttribute('aria-describedby')).toContain('field-endDate-error');
    expect(page.url()).toBe(`${server.url}/insatser/ny`);
    expect(await titleField.inputValue()).toBe(title);
    expect(await page.getByLabel('Startdatum').inputValue()).toBe('2024-09-01');
    await checkAccessibility();

    // The typed fields.
    await page.getByLabel('Kort sammanfattning').fill(summary);
    await page.getByLabel('Status (obligatoriskt)').selectOption({ label: 'Pågående' });
    await page.getByLabel('Slutdatum').fill('2025-06-30');
    // The areas combobox: type to filter, choose the match; it shows as a chip that can remove it.
    await page.getByRole('combobox', { name: 'Områden (kommuner eller län)' }).fill('Malmö');
    await page.getByRole('option', { name: 'Malmö', exact: true }).click();
    await page.getByRole('button', { name: 'Ta bort Malmö' }).waitFor();
    await page.getByRole('group', { name: 'Teman' }).getByRole('checkbox', { name: 'Utbildning', exact: true }).check();
    await page.getByRole('group', { name: 'Framgångsfaktorer' }).getByRole('checkbox', { name: 'Tidiga och förebyggande insatser' }).check();
    await page.getByLabel('Finansieringskälla').fill('Delegationen mot segregation');
    await page.getByLabel('Belopp (kronor)').fill('250000');
    const contact = page.getByRole('group', { name: 'Kontaktperson' });
    await contact.getByLabel('Namn', { exact: true }).fill('Anna Lindqvist');
    await contact.getByLabel('E-post', { exact: true }).fill('anna.lindqvist@malmo.example');

    // The rich-text body: a heading, a paragraph with a link, and bold text.
    const toolbar = page.getByRole('toolbar', { name: 'Formatering' });
    const editor = page.getByRole('textbox', { name: 'Beskrivning' });
    /**
     * Clicks a toolbar button and waits until the editor has the focus back:
     * Tiptap refocuses it on the next animation frame, and keys typed before
     * that would go to the button (Space or Enter pressing it again).
     */
    const tool = async (name: string) => {
      await toolbar.getByRole('button', { name, exact: true }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'field-body');
    };
    await editor.click();
    await tool('Rubrik');
    await toolbar.getByRole('button', { name: 'Rubrik', exact: true, pressed: true }).waitFor();
    await page.keyboard.type('Bakgrund');
    await page.keyboard.press('Enter');
    await tool('Fet');
    await page.keyboard.type('Viktigt:');
    await tool('Fet');
    await page.keyboard.type(' anmälan behövs inte.');
    await page.keyboard.press('Enter');
    await page.keyboard.type(paragraph);
    // Last: select the final word, "webbplatsen", and make it a link through the prompt. Nothing is
    // typed after it, so Tiptap's deferred restoring of the selection cannot swallow a keystroke.
    for (let n = 0; n < 'webbplatsen'.length; n++) await page.keyboard.press('Shift+ArrowLeft');
    page.once('dialog', (dialog) => void dialog.accept(linkHref));
    await tool('Länk');
    await editor.locator(`a[href="${linkHref}"]`).waitFor();
    expect(await editor.locator(`a[href="${linkHref}"]`).textContent()).toBe('webbplatsen');
    expect(await editor.locator('strong').textContent()).toBe('Viktigt:');

    // What the form will send carries the link and the bold text.
    await expect.poll(() => page.locator('input[name="body"]').inputValue(), { timeout: 10_000 }).toContain(linkHref);
    await expect.poll(() => page.locator('input[name="body"]').inputValue(), { timeout: 10_000 }).toContain('"bold"');
    // Save: the draft's own page.
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/insatser/') && url.pathname !== '/insatser/ny');
    await page.locator('h1', { hasText: title }).waitFor();
    await page.getByText('Utkast – syns bara för redaktörer i Malmö stad.').waitFor();
    const body = page.locator('.rich-text');
    expect(await body.locator('h2').first().textContent()).toBe('Bakgrund');
    const link = body.locator(`a[href="${linkHref}"]`);
    expect(await link.textContent()).toBe('webbplatsen');
    expect((await link.getAttribute('rel'))?.split(' ')).toContain('noopener');
    expect(await body.locator('strong').textContent()).toBe('Viktigt:');
    expect(await body.textContent()).toContain('Eleverna får stöd i matematik och svenska');
    const initiativePath = new URL(page.url()).pathname;
    await checkAccessibility();

    // Publish for everyone.
    await page.getByRole('radio', { name: 'Alla (offentlig)' }).check();
    await page.getByRole('button', { name: 'Publicera', exact: true }).click();
    await page.getByText('Alla (offentlig) · Publicerad').waitFor();
    // The page says in words what happened (issue 14).
    await page.getByRole('status').getByText('Publicerat. Nu kan de som får läsa det hitta det.').waitFor();
    expect(await page.getByText('Utkast – syns bara för redaktörer i Malmö stad.').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(initiativePath);

    // Sign out; a visitor filters the browse page to it.
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.waitForURL(server.url + '/');
    await page.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    await page.goto(`${server.url}/insatser`);
    await page.getByLabel('Kommun eller län').selectOption({ label: 'Malmö' });
    await page.getByLabel('Tema', { exact: true }).selectOption({ label: 'Utbildning' });
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('omrade') === '1280' && url.searchParams.get('tema') === 'education');
    const result = page.getByRole('link', { name: title, exact: true });
    await result.waitFor();
    await checkAccessibility();
    await result.click();
    await page.waitForURL(`**${initiativePath}`);
    // Client-side navigation: the URL changes before React has rendered the new page.
    await page.locator('h1', { hasText: title }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(title);
    await page.locator('.rich-text', { hasText: 'Eleverna får stöd i matematik och svenska' }).waitFor();
    expect(await page.locator('.rich-text h2').first().textContent()).toBe('Bakgrund');
    expect(await page.getByRole('button', { name: 'Publicera', exact: true }).count()).toBe(0);
    await checkAccessibility();

    expect(visited.length).toBe(5);
  });
});
