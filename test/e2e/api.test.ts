import { expect, it, describe } from 'vitest';
import { runBrowserTests, signIn, signUp, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('the open API and API tokens, in Chromium', () => {
  const session = useBrowserSession();
  const checkAccessibility = () => session.checkAccessibility();

  it('creates a token on the account, reads with it, revokes it, and reads the /api page in both languages', async () => {
    const { page, server } = session;
    const email = `e2e.api.${Date.now()}@kommun.example`;
    const password = 'ett riktigt bra lösenord';
    await signUp(page, { name: 'Anna Api', email, password });
    await signIn(page, email, password, { redirectTo: '/konto' });

    await page.getByRole('link', { name: 'API-nycklar' }).click();
    await page.waitForURL('**/konto/api-nycklar');
    await checkAccessibility();
    await page.getByLabel('Namn').fill('Forskning');
    await page.getByRole('button', { name: 'Skapa nyckel' }).click();
    await page.getByRole('heading', { name: 'Din nya nyckel' }).waitFor();
    await page.getByRole('button', { name: /Återkalla/ }).waitFor();
    await checkAccessibility();
    const secret = (await page.locator('pre code').textContent())!.trim();
    expect(secret).toMatch(/^svk_/);

    const read = () => fetch(`${server.url}/api/v1/initiatives?limit=1`, { headers: { Authorization: `Bearer ${secret}` } });
    expect((await read()).status).toBe(200);
    await page.getByRole('button', { name: /Återkalla/ }).click();
    await page.getByText('Nyckeln är återkallad och slutar fungera direkt.').waitFor();
    const refused = await read();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('the token has been revoked');

    await page.goto(`${server.url}/api`);
    await page.locator('h1', { hasText: 'Öppet API' }).waitFor();
    await checkAccessibility();
    await page.getByRole('button', { name: 'In English' }).click();
    await page.locator('h1', { hasText: 'Open API' }).waitFor();
    await checkAccessibility();
  });
});
