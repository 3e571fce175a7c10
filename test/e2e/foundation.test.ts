import { describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('a newcomer in Chromium', () => {
  // The demo content brings a platform admin, who reads the development mailbox in production.
  const session = useBrowserSession({ SEED_DEMO: 'true' });
  const checkAccessibility = () => session.checkAccessibility();

  it('signs up, confirms the address through the mailbox, registers an organisation, switches language and signs out', async () => {
    const { page, server, visited } = session;
    const email = `e2e.${Date.now()}@kommun.example`;
    await page.goto(server.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await checkAccessibility();

    // Sign up; a too-short password first shows its error beside the field.
    await page.getByRole('link', { name: 'Skapa konto' }).first().click();
    await page.waitForURL('**/registrera');
    await checkAccessibility();
    await page.getByLabel('Namn').fill('Elin Testsson');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill('kort');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await page.locator('#field-password-error').waitFor();
    expect(await page.locator('#field-password-error').textContent()).toContain('minst 8 tecken');
    expect(await page.getByLabel('Lösenord').getAttribute('aria-invalid')).toBe('true');
    await checkAccessibility();
    await page.getByLabel('Lösenord').fill('ett riktigt bra lösenord');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    // Not signed in yet: the same "check your inbox" page whoever signs up.
    await page.waitForURL('**/registrera/skickat');
    await page.locator('h1', { hasText: 'Kolla din inkorg' }).waitFor();
    await checkAccessibility();

    // Signing in works before confirming; every page then asks to confirm.
    await page.getByRole('link', { name: 'Logga in', exact: true }).first().click();
    await page.waitForURL('**/logga-in');
    await checkAccessibility();
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill('ett riktigt bra lösenord');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL(server.url + '/');
    await page.getByText('Bekräfta din e-postadress').first().waitFor();
    await checkAccessibility();
    await page.getByRole('link', { name: 'Mitt konto' }).click();
    await page.waitForURL('**/konto');
    await page.getByRole('link', { name: 'Registrera en organisation' }).click();
    await page.waitForURL('**/organisationer/ny');
    await page.getByText('Du behöver bekräfta din e-postadress').waitFor();
    expect(await page.getByLabel('Organisationens namn').count()).toBe(0);
    // The page's own notice says it once: no site-wide banner repeating it above.
    expect(await page.getByRole('button', { name: 'Skicka länken igen' }).count()).toBe(1);
    await checkAccessibility();
    await page.getByRole('button', { name: 'Skicka länken igen' }).first().click();
    await page.waitForURL('**/bekrafta-epost');
    await page.getByText('Vi har skickat en ny länk').waitFor();
    await checkAccessibility();

    // The development mailbox, read by the demo platform admin in a browser of their own.
    const mailbox = await session.browser.newPage({ locale: 'sv-SE' });
    await mailbox.goto(`${server.url}/logga-in`);
    await mailbox.getByLabel('E-postadress').fill('admin@samverka.example');
    await mailbox.getByLabel('Lösenord').fill('samverka-demo');
    await mailbox.getByRole('button', { name: 'Logga in', exact: true }).click();
    await mailbox.waitForURL(server.url + '/');
    const confirmationMail = mailbox.locator('article', { hasText: email }).filter({ hasText: 'Bekräfta din e-postadress i Samverka' });
    await expect
      .poll(
        async () => {
          await mailbox.goto(`${server.url}/dev/mail`);
          return confirmationMail.count();
        },
        { timeout: 30_000, interval: 250, message: 'the confirmation mail did not arrive' },
      )
      .toBeGreaterThan(0);
    const link = await confirmationMail.first().getByRole('link').first().getAttribute('href');
    expect(link).toMatch(/\/bekrafta-epost\/[a-z0-9]+$/);

    // Following the link shows a button; pressing it confirms and lands on the account page.
    await page.goto(link!);
    await page.locator('h1', { hasText: 'Bekräfta e-postadress' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'Bekräfta', exact: true }).click();
    await page.waitForURL('**/konto?epost=bekraftad');
    await page.getByText('Din e-postadress är bekräftad').waitFor();
    expect(await page.getByText('Bekräfta din e-postadress (').count()).toBe(0); // the banner is gone
    await checkAccessibility();

    // Register an organisation: an invalid organisationsnummer first.
    await page.getByRole('link', { name: 'Registrera en organisation' }).click();
    await page.waitForURL('**/organisationer/ny');
    await checkAccessibility();
    await page.getByLabel('Organisationens namn').fill('Testkommunen Ekerö');
    await page.getByLabel('Sektor').selectOption('kommun');
    await page.getByLabel('Organisationsnummer').fill('212000-0000');
    await page.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Ekerö' });
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.locator('#field-orgNumber-error').waitFor();
    expect(await page.locator('#field-orgNumber-error').textContent()).toContain('kontrollsiffran');
    await checkAccessibility();
    await page.getByLabel('Organisationsnummer').fill('212000-0043');
    await page.getByRole('button', { name: 'Registrera' }).click();
    await page.waitForURL('**/organisationer/testkommunen-ekero?klart=organisation-skapad');
    await page.locator('h1', { hasText: 'Testkommunen Ekerö' }).waitFor();
    // Confirmed in words on the next page (issue 14).
    await page.getByRole('status').filter({ hasText: 'Organisationen är registrerad.' }).waitFor();
    await page.getByText('Ej verifierad').first().waitFor();
    await checkAccessibility();

    // Switch to English: the same page, now in English, and it stays so.
    await page.getByRole('button', { name: 'In English' }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe('/organisationer/testkommunen-ekero');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByText('Not verified').first().waitFor();
    await checkAccessibility();
    await page.getByRole('link', { name: 'My account' }).click();
    await page.waitForURL('**/konto');
    await page.locator('h1', { hasText: 'My account' }).waitFor();
    await checkAccessibility();

    // Sign out: the account page now asks to sign in.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(server.url + '/');
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await checkAccessibility();
    await page.goto(`${server.url}/konto`);
    await page.waitForURL('**/logga-in?redirectTo=%2Fkonto');
    await checkAccessibility();

    // And the 404 page.
    const res = await page.goto(`${server.url}/finns-inte`);
    expect(res?.status()).toBe(404);
    await page.locator('h1', { hasText: 'Page not found' }).waitFor();
    await checkAccessibility();

    expect(visited.length).toBeGreaterThanOrEqual(12);
  });
});
