import { expect, it, describe } from 'vitest';
import { runBrowserTests, signIn, signUp, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('a person and their own data, in Chromium', () => {
  const session = useBrowserSession();
  const checkAccessibility = () => session.checkAccessibility();

  it('asks for an export, reads the privacy page in both languages and deletes the account', async () => {
    const { page, server } = session;
    const email = `e2e.gdpr.${Date.now()}@kommun.example`;
    const password = 'ett riktigt bra lösenord';
    // Sign-up signs no one in; a person whose address is not yet confirmed still owns their data.
    await signUp(page, { name: 'Greta Gdpr', email, password });
    await signIn(page, email, password, { redirectTo: '/konto' });

    // The account page: the section, then an export request.
    await page.getByRole('heading', { name: 'Dina personuppgifter' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'Förbered en fil med mina uppgifter' }).click();
    await page.waitForURL('**/konto#personuppgifter');
    await page.getByRole('button', { name: 'Förbered en ny fil' }).waitFor();
    await checkAccessibility();

    // The privacy page from the footer, in Swedish and in English.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Integritet och personuppgifter' }).click();
    await page.waitForURL('**/integritet');
    await page.locator('h1', { hasText: 'Integritet och personuppgifter' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'In English' }).click();
    await page.locator('h1', { hasText: 'Privacy and personal data' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'På svenska' }).click();
    await page.locator('h1', { hasText: 'Integritet och personuppgifter' }).waitFor();

    // Delete: a wrong password first, shown beside the field.
    await page.goto(`${server.url}/konto`);
    await page.locator('#field-delete-password').fill('fel lösenord');
    await page.getByRole('button', { name: 'Radera mitt konto för alltid' }).click();
    await page.waitForURL('**/konto/personuppgifter');
    await page.locator('#field-delete-password-error').waitFor();
    expect(await page.locator('#field-delete-password').getAttribute('aria-invalid')).toBe('true');
    await checkAccessibility();
    await page.locator('#field-delete-password').fill(password);
    await page.getByRole('button', { name: 'Radera mitt konto för alltid' }).click();
    await page.waitForURL('**/integritet?raderat=1');
    await page.getByText('Kontot är raderat.').waitFor();
    await page.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    await checkAccessibility();
  });
});
