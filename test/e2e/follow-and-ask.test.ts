import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, signOut, useBrowserSession } from '../support/browser.ts';

/** Set SCREENSHOT_DIR to keep the pages' screenshots for a person to look at. */
const screenshotDir = process.env.SCREENSHOT_DIR;

describe.runIf(runBrowserTests)('follow a kommun, hear of new work there, ask and be answered, in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('follows Malmö, a partner publishes there, the follower sees the notification, asks a question and the author answers', async () => {
    const { page, server } = session;
    const shot = async (name: string) => {
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    };
    const signInAs = (email: string) => signIn(page, email, 'samverka-demo');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Fatima (Föreningen Grannskap Rosengård) follows Malmö from its area page.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/omraden/1280`);
    await page.getByRole('button', { name: 'Följ Malmö' }).click();
    await page.getByRole('button', { name: 'Sluta följa Malmö' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/omraden/1280');
    await session.checkAccessibility();
    await shot('area-following-1280');
    await page.goto(`${server.url}/konto/foljer`);
    await page.getByRole('heading', { level: 1, name: 'Det jag följer' }).waitFor();
    await page.getByRole('list', { name: 'Det du följer' }).getByRole('link', { name: 'Malmö' }).waitFor();
    await session.checkAccessibility();
    await shot('follows-1280');
    await signOut(page);

    // Anna (Malmö stad) publishes an initiative in Malmö.
    const title = `Språkcafé på Garaget ${Date.now()}`;
    await signInAs('anna.lindqvist@malmo.example');
    await page.goto(`${server.url}/insatser/ny`);
    await page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' }).fill(title);
    await page.getByLabel('Kort sammanfattning').fill('Samtal på svenska varje torsdag.');
    await page.getByLabel('Status (obligatoriskt)').selectOption({ label: 'Pågående' });
    await page.getByRole('combobox', { name: 'Områden (kommuner eller län)' }).fill('Malmö');
    await page.getByRole('option', { name: 'Malmö', exact: true }).click();
    await page.getByRole('button', { name: 'Ta bort Malmö' }).waitFor();
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/insatser/') && url.pathname !== '/insatser/ny');
    const initiativePath = new URL(page.url()).pathname;
    await page.getByRole('radio', { name: 'Alla (offentlig)' }).check();
    await page.getByRole('button', { name: 'Publicera', exact: true }).click();
    await page.getByText('Alla (offentlig) · Publicerad').waitFor();
    await signOut(page);

    // Fatima sees the notification and opens it.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/aviseringar`);
    const notice = page.getByRole('link', { name: `Ny insats om något du följer: ${title}` });
    await notice.waitFor();
    await session.checkAccessibility();
    await shot('inbox-1280');
    await notice.click();
    await page.waitForURL(`**${initiativePath}`);
    await page.getByRole('heading', { level: 2, name: 'Frågor och kommentarer' }).waitFor();

    // An empty question is refused beside the field; then she asks.
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await page.locator('#field-commentBody-error').waitFor();
    expect(await page.getByLabel('Din fråga eller kommentar').getAttribute('aria-invalid')).toBe('true');
    await session.checkAccessibility();
    await page.getByLabel('Din fråga eller kommentar').fill('Hur många brukar komma? Vi har lokaler på https://grannskap.example/lokaler.');
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await page.getByRole('list', { name: 'Frågor och kommentarer, äldst först' }).locator('.comment__body', { hasText: 'Hur många brukar komma?' }).waitFor();
    expect(await page.getByRole('link', { name: 'https://grannskap.example/lokaler' }).getAttribute('rel')).toContain('nofollow');
    await session.checkAccessibility();
    await signOut(page);

    // Anna is told of the question and answers it.
    await signInAs('anna.lindqvist@malmo.example');
    await page.goto(`${server.url}/aviseringar`);
    await page.getByRole('link', { name: `Ny fråga eller kommentar om ${title}` }).click();
    await page.waitForURL(`**${initiativePath}**`);
    await page.getByLabel('Din fråga eller kommentar').fill('Ett tjugotal varje vecka. Hör gärna av er!');
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    const list = page.getByRole('list', { name: 'Frågor och kommentarer, äldst först' });
    await list.locator('.comment__body', { hasText: 'Ett tjugotal varje vecka.' }).waitFor();
    expect(await list.locator('.comment').count()).toBe(2);
    await session.checkAccessibility();
    await shot('comments-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await session.checkAccessibility();
    await shot('comments-390');
  });
});
