import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

describe.runIf(runBrowserTests)('single sign-on through an OpenID provider, in Chromium', () => {
  const redirectUris: string[] = [];
  const env: Record<string, string> = {};
  let idp: TestOidcProvider;
  // Registered before the browser session's own beforeAll, so the server starts with the provider configured.
  beforeAll(async () => {
    idp = await startOidcProvider({ redirectUris });
    env.OIDC_PROVIDERS = JSON.stringify([{ id: 'e2e', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, label: { sv: 'Testkommunen', en: 'Test Municipality' } }]);
  });
  const session = useBrowserSession(env);
  beforeAll(() => {
    // The app's port is known only now; the provider reads its client list at the first request.
    redirectUris.push(`${session.server.url}/logga-in/sso/e2e/callback`);
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('signs a new person in with one click at the provider, shows the link on the account page, and explains a cancelled sign-in', async () => {
    const { page, server } = session;
    const personId = `e2e-${Date.now()}`;
    idp.addPerson(personId, { email: `${personId}@testkommun.se`, email_verified: true, name: 'Sigrid Single' });

    await page.goto(`${server.url}/logga-in`);
    const button = page.getByRole('button', { name: 'Logga in med Testkommunen' });
    await button.waitFor();
    await session.checkAccessibility();
    await button.click();

    // The provider's own (development) login and consent pages.
    await page.locator('input[name="login"]').fill(personId);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/konto`);
    await page.getByRole('heading', { name: 'Inloggning via organisation' }).waitFor();
    await page.getByText(`${personId}@testkommun.se`).first().waitFor();
    // An account made by single sign-on has no password: its only way in cannot be unlinked, and the page says why.
    expect(await page.getByRole('button', { name: 'Ta bort kopplingen till Testkommunen' }).count()).toBe(0);
    await page.getByText('Det här är ditt enda sätt att logga in.', { exact: false }).first().waitFor();
    await session.checkAccessibility();

    // Signing out ends the session at the provider too (RP-initiated logout); then a second attempt is
    // cancelled at the provider: a clear page with the way back.
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    // The development provider asks before ending its own session; start afresh there instead.
    await page.context().clearCookies();
    await page.goto(`${server.url}/logga-in`);
    await page.getByRole('button', { name: 'Logga in med Testkommunen' }).click();
    await page.locator('input[name="login"]').waitFor();
    await page.goto(page.url().replace(/\/interaction\/([^/?]+).*$/, '/interaction/$1/abort'));
    await page.getByRole('heading', { name: 'Inloggningen med Testkommunen gick inte' }).waitFor();
    await page.getByText('Du avbröt inloggningen hos Testkommunen.').waitFor();
    await session.checkAccessibility();
    await page.getByRole('link', { name: 'Tillbaka till inloggningen' }).click();
    await page.waitForURL('**/logga-in');
  });
});
