import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('following a search in Chromium', () => {
  // The demo seed is indexed at start, so the search page has hits.
  const s = useBrowserSession({ SEED_DEMO: 'true' });

  it('follows a search from the search page, finds it on the account page and stops following it there', async () => {
    const { page } = s;
    await signIn(page, 'anna.lindqvist@malmo.example', 'samverka-demo', { redirectTo: '/sok?q=l%C3%A4xhj%C3%A4lp&tema=education' });
    await page.getByRole('button', { name: 'Följ den här sökningen' }).click();
    await page.getByText('Du följer den här sökningen').waitFor();
    expect(new URL(page.url()).search).toBe('?q=l%C3%A4xhj%C3%A4lp&tema=education');
    await s.checkAccessibility();

    await page.goto('/konto/foljer');
    const item = page.locator('.follow-list__item', { hasText: 'Sökning' });
    await item.getByRole('link', { name: '”läxhjälp”, Utbildning' }).waitFor();
    await s.checkAccessibility();
    await item.getByRole('button', { name: /^Sluta följa/ }).click();
    await page.getByText('Borttaget från det du följer.').waitFor();
    await s.checkAccessibility();
  });
});
