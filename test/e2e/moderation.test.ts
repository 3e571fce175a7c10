import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, signOut, useBrowserSession } from '../support/browser.ts';

/** Set SCREENSHOT_DIR to keep the pages' screenshots for a person to look at. */
const screenshotDir = process.env.SCREENSHOT_DIR;

describe.runIf(runBrowserTests)('report a comment, a platform admin hides it, its author is told, in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  it('Fatima comments, Erik reports it, the admin hides it from the queue, Fatima sees why, the admin restores it on the item page', async () => {
    const { page, server } = session;
    const shot = async (name: string) => {
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    };
    const signInAs = (email: string) => signIn(page, email, 'samverka-demo');
    await page.setViewportSize({ width: 1280, height: 900 });
    const list = page.getByRole('list', { name: 'Frågor och kommentarer, äldst först' });
    const text = `Köp billiga klockor här ${Date.now()}`;

    // Fatima writes a comment on a published demo initiative.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/insatser`);
    await page.locator('.result-list .card h3 a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Frågor och kommentarer' }).waitFor();
    const itemPath = new URL(page.url()).pathname;
    const itemTitle = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.getByLabel('Din fråga eller kommentar').fill(text);
    await page.getByRole('button', { name: 'Skicka', exact: true }).click();
    await list.locator('.comment__body', { hasText: text }).waitFor();
    await signOut(page);

    // Erik reports it; a report without a reason is refused beside the field.
    await signInAs('erik.johansson@af.example');
    await page.goto(`${server.url}${itemPath}#kommentarer`);
    const comment = list.locator('.comment', { hasText: text });
    await comment.getByText('Anmäl', { exact: true }).click();
    await comment.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByText('Skriv varför du anmäler kommentaren.').first().waitFor();
    await session.checkAccessibility();
    await page.locator('.comment', { hasText: text }).getByLabel('Varför ska kommentaren granskas?').fill('Reklam som inte hör hit');
    await page.locator('.comment', { hasText: text }).getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByText('Tack, din anmälan har skickats till moderatorerna.').waitFor();
    await session.checkAccessibility();
    await shot('report-sent-1280');
    await signOut(page);

    // The platform admin finds it in the queue and hides it with a reason.
    await signInAs('admin@samverka.example');
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Moderering: 1 anmäld kommentar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Moderering' }).waitFor();
    const entry = page.locator('li.comment', { hasText: text });
    await entry.getByText('Reklam som inte hör hit').waitFor();
    await session.checkAccessibility();
    await shot('moderation-queue-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await session.checkAccessibility();
    await shot('moderation-queue-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await entry.getByLabel('Skäl (författaren får se det)').fill('Reklam hör inte hemma här');
    await entry.getByRole('button', { name: 'Dölj kommentaren' }).click();
    await page.getByText('Kommentaren är dold och författaren har fått veta.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Dolda kommentarer' }).waitFor();
    await page.locator('li.comment', { hasText: text }).getByRole('button', { name: 'Visa kommentaren igen' }).waitFor();
    await session.checkAccessibility();
    await shot('moderation-hidden-1280');
    // On the item page the admin (who may bring it back) sees it marked hidden, with the reason; readers do not see it.
    await page.goto(`${server.url}${itemPath}`);
    const hidden = list.locator('.comment--hidden', { hasText: text });
    await hidden.getByText('Dold för läsarna. Skäl: Reklam hör inte hemma här').waitFor();
    await hidden.getByText('Visa igen', { exact: true }).click();
    await hidden.getByLabel('Skäl att visa kommentaren igen (författaren får se det)').waitFor();
    await session.checkAccessibility();
    await shot('item-hidden-comment-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shot('item-hidden-comment-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut(page);
    await page.goto(`${server.url}${itemPath}`);
    expect(await page.getByText(text).count()).toBe(0);

    // Fatima sees the notice and the reason.
    await signInAs('fatima.hassan@forening.example');
    await page.goto(`${server.url}/aviseringar`);
    await page.getByRole('link', { name: `Din kommentar om ${itemTitle} har dolts. Skäl: Reklam hör inte hemma här` }).waitFor();
    await session.checkAccessibility();
    await shot('hidden-notice-1280');
    await signOut(page);

    // The admin thinks again and restores it where it stands, on the item page: a reason is required.
    await signInAs('admin@samverka.example');
    await page.goto(`${server.url}${itemPath}#kommentarer`);
    const again = list.locator('.comment--hidden', { hasText: text });
    await again.getByText('Visa igen', { exact: true }).click();
    await again.getByRole('button', { name: 'Visa kommentaren igen' }).click();
    const restoreField = list.locator('.comment--hidden', { hasText: text }).getByLabel('Skäl att visa kommentaren igen (författaren får se det)');
    await list.getByText('Skriv varför kommentaren ska visas igen. Författaren får se det.').waitFor();
    expect(await restoreField.getAttribute('aria-invalid')).toBe('true');
    await session.checkAccessibility();
    await restoreField.fill('Avsändaren har förklarat sig');
    await list.locator('.comment--hidden', { hasText: text }).getByRole('button', { name: 'Visa kommentaren igen' }).click();
    await list.locator('.comment:not(.comment--hidden)', { hasText: text }).waitFor();
    await session.checkAccessibility();
    await signOut(page);
    await page.goto(`${server.url}${itemPath}`);
    await list.locator('.comment__body', { hasText: text }).waitFor();
  });
});
