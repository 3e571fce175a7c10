import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn, useBrowserSession } from '../support/browser.ts';

/**
 * No page is wider than the screen, on a phone (390 px) or a laptop (1,280 px): a sideways scroll on a
 * whole page hides its right edge. Wide tables scroll inside their own box instead, which this allows.
 */
describe.runIf(runBrowserTests)('pages fit the screen in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  /** The first link on a list page whose address starts with `prefix` (a demo item's own page). */
  const firstItem = async (list: string, prefix: string) => {
    const { page, server } = session;
    await page.goto(`${server.url}${list}`);
    const item = `main a[href^="${prefix}"]:not([href$="/ny"]):not([href$="/karta"]):not([href*="?"])`;
    const href = await page.locator(item).first().getAttribute('href');
    expect(href, `a link to ${prefix}… on ${list}`).toBeTruthy();
    return href!;
  };

  const overflowOf = async (path: string, width: number) => {
    const { page, server } = session;
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
    // How far the page sticks out, and which elements stick out first (their parents stick out because of them).
    return page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const overflow = document.documentElement.scrollWidth - limit;
      const culprits = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > limit + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > limit + 1))
        .filter((el) => !el.closest('.table-scroll, [data-scrolls]'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().replace(/\s+/g, '.')}` : ''}`);
      return { overflow, culprits };
    });
  };

  it('every main page, signed in as an editor, at 390 and 1,280 px', async () => {
    const { page } = session;
    await signIn(page, 'anna.lindqvist@malmo.example', 'samverka-demo');

    const paths = [
      '/',
      '/sok?q=spr%C3%A5kcaf%C3%A9',
      '/insatser',
      await firstItem('/insatser', '/insatser/'),
      '/insatser/ny',
      '/insatser/karta',
      '/lardomar',
      await firstItem('/lardomar', '/lardomar/'),
      '/lardomar/ny',
      '/ogonblicksbilder',
      '/statistik',
      '/statistik/sysselsattning',
      '/statistik/framgangsfaktorer',
      '/omraden/1280',
      '/organisationer',
      await firstItem('/organisationer', '/organisationer/'),
      '/grupper',
      await firstItem('/grupper', '/grupper/'),
      '/konto',
      '/statistik/import',
      // The pages people look for (issue 14).
      '/hjalp',
      '/tillganglighet',
      '/integritet',
      '/kontakt',
      '/sok?q=l%C3%A4xhj%C3%A4lp&filtrera=1',
    ];
    const wide: string[] = [];
    for (const width of [390, 1280]) {
      for (const path of paths) {
        const { overflow, culprits } = await overflowOf(path, width);
        if (overflow > 0) wide.push(`${path} at ${width} px: ${overflow} px too wide (${culprits.join(', ')})`);
      }
    }
    expect(wide).toEqual([]);
  });
});
