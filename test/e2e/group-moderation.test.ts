import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, signOut, useBrowserSession } from '../support/browser.ts';

/** Set SCREENSHOT_DIR to keep the pages' screenshots for a person to look at. */
const screenshotDir = process.env.SCREENSHOT_DIR;
const GROUP = 'Trygg i Rosengård – samverkansgrupp';

describe.runIf(runBrowserTests)('report a group post, the group lead hides it from the group’s queue, its author is told, in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('Fatima posts, Erik reports it, Anna (lead) hides it from her queue, Fatima sees why and Erik no longer sees it', async () => {
    const { page, server } = session;
    const shot = async (name: string) => {
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    };
    const signInAs = (email: string) => signIn(page, email, 'samverka-demo');
    await page.setViewportSize({ width: 1280, height: 900 });
    const title = `Billiga klockor ${Date.now()}`;

    // Fatima starts a discussion in the open demo group Anna leads.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/grupper`);
    await page.getByRole('link', { name: GROUP }).first().click();
    await page.locator('h1', { hasText: GROUP }).waitFor();
    const groupPath = new URL(page.url()).pathname;
    // A member is not a lead: no moderation link for her.
    expect(await page.getByRole('link', { name: /^Moderering/ }).count()).toBe(0);
    await page.goto(`${server.url}${groupPath}/diskussioner`);
    await page.getByRole('textbox', { name: /^Rubrik/ }).fill(title);
    const editor = page.getByRole('textbox', { name: 'Inlägg', exact: true });
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await editor.click();
    await page.keyboard.type('Köp billiga klockor på min webbplats.');
    await expect.poll(() => page.locator('input[name="body"]').inputValue(), { timeout: 10_000 }).toContain('klockor');
    await page.getByRole('button', { name: 'Starta diskussionen', exact: true }).click();
    await page.locator('h1', { hasText: title }).waitFor();
    const threadPath = new URL(page.url()).pathname;
    await signOut(page);

    // Erik reports it; without a reason the form says what is missing.
    await signInAs('erik.johansson@af.example');
    await page.goto(`${server.url}${threadPath}`);
    const thread = page.locator('article.post--thread');
    await thread.getByText('Anmäl', { exact: true }).click();
    await thread.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByText('Skriv varför du anmäler det här.').first().waitFor();
    await session.checkAccessibility();
    await page.locator('article.post--thread').getByLabel('Varför ska inlägget granskas?').fill('Reklam, inte samverkan');
    await page.locator('article.post--thread').getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByText('Tack, din anmälan har skickats till moderatorerna.').waitFor();
    await session.checkAccessibility();
    await shot('group-report-sent-1280');
    await signOut(page);

    // Anna, the lead, follows the group's moderation link with its count and hides the post with a reason.
    await signInAs('anna.lindqvist@malmo.example');
    await page.goto(`${server.url}${groupPath}`);
    await page.getByRole('navigation', { name: `Gruppens delar: ${GROUP}` }).getByRole('link', { name: 'Moderering (1 anmält)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Moderering' }).waitFor();
    const entry = page.locator('li.comment', { hasText: title });
    await entry.getByText('Reklam, inte samverkan').waitFor();
    await session.checkAccessibility();
    await shot('group-queue-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await session.checkAccessibility();
    await shot('group-queue-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    // A reason is required.
    await entry.getByRole('button', { name: 'Dölj', exact: true }).click();
    await page.getByText('Skriv ett skäl. Författaren får se det.').first().waitFor();
    await session.checkAccessibility();
    await page.locator('li.comment', { hasText: title }).getByLabel('Skäl (författaren får se det)').fill('Reklam hör inte hemma i gruppen');
    await page.locator('li.comment', { hasText: title }).getByRole('button', { name: 'Dölj', exact: true }).click();
    await page.getByText('Det är dolt och författaren har fått veta.').waitFor();
    await page.locator('section[aria-labelledby="hidden"] li.comment', { hasText: title }).getByRole('button', { name: 'Visa igen' }).waitFor();
    await page.getByRole('link', { name: 'Moderering', exact: true }).waitFor();
    await session.checkAccessibility();
    await shot('group-queue-hidden-1280');
    await signOut(page);

    // Erik, a member, no longer finds it: not listed, and its page does not exist for him.
    await signInAs('erik.johansson@af.example');
    await page.goto(`${server.url}${groupPath}/diskussioner`);
    expect(await page.getByRole('link', { name: title }).count()).toBe(0);
    const gone = await page.goto(`${server.url}${threadPath}`);
    expect(gone?.status()).toBe(404);
    await signOut(page);

    // Fatima is told, and her post says why it is hidden.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/aviseringar`);
    const notice = page.getByRole('link', { name: `Moderatorerna har dolt ditt bidrag ”${title}”. Skäl: Reklam hör inte hemma i gruppen` });
    await notice.waitFor();
    await session.checkAccessibility();
    await notice.click();
    await page.locator('h1', { hasText: title }).waitFor();
    await page.getByText('Inlägget är dolt av moderatorerna.').waitFor();
    await page.getByText(/Skäl: Reklam hör inte hemma i gruppen/).waitFor();
    await session.checkAccessibility();
    await shot('group-post-hidden-author-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await session.checkAccessibility();
    await shot('group-post-hidden-author-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut(page);
  });

  it('Erik reports a write-up, the platform admin hides it, it is gone for readers and its editor sees why', async () => {
    const { page, server } = session;
    const shot = async (name: string) => {
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    };
    const signInAs = (email: string) => signIn(page, email, 'samverka-demo');
    const title = 'Läxhjälp och språkcafé i Rosengård (exempel)';
    await page.setViewportSize({ width: 1280, height: 900 });

    await signInAs('erik.johansson@af.example');
    await page.goto(`${server.url}/insatser`);
    await page.getByRole('link', { name: title }).first().click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const itemPath = new URL(page.url()).pathname;
    const report = page.locator('section.write-up-report');
    await report.getByText('Anmäl', { exact: true }).click();
    await report.getByLabel('Varför ska texten granskas?').fill('Innehåller ett barns fullständiga namn');
    await report.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByText('Tack, din anmälan har skickats till moderatorerna.').waitFor();
    await session.checkAccessibility();
    await signOut(page);

    await signInAs('admin@samverka.example');
    await page.goto(`${server.url}/admin/moderering`);
    const entry = page.locator('section[aria-labelledby="others-reported"] li.comment', { hasText: title });
    await entry.getByText('Innehåller ett barns fullständiga namn').waitFor();
    await session.checkAccessibility();
    await shot('admin-queue-write-up-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await session.checkAccessibility();
    await shot('admin-queue-write-up-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await entry.getByLabel('Skäl (författaren får se det)').fill('Namnet tas bort innan texten visas igen');
    await entry.getByRole('button', { name: 'Dölj', exact: true }).click();
    await page.getByText('Det är dolt och författaren har fått veta.').waitFor();
    await session.checkAccessibility();
    await signOut(page);

    // Gone for readers: its page does not exist and it is not listed.
    expect((await page.goto(`${server.url}${itemPath}`))?.status()).toBe(404);
    await page.goto(`${server.url}/insatser`);
    expect(await page.getByRole('link', { name: title }).count()).toBe(0);

    // Fatima, an editor of the owning organisation, still opens it and sees why it is hidden.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}${itemPath}`);
    await page.getByText('Texten är dold av moderatorerna.').waitFor();
    await page.getByText(/Skäl: Namnet tas bort innan texten visas igen/).waitFor();
    await session.checkAccessibility();
    await shot('write-up-hidden-editor-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await session.checkAccessibility();
    await shot('write-up-hidden-editor-390');
  });
});
