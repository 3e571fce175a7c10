import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startAppServer, startBudgetMs } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

/** Debian's Chromium, headless, with the flags this machine needs (no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

/** On CI Chromium is installed by .ci/run, so a missing browser is a failure there, not a skip. */
export const runBrowserTests = hasChromium || process.env.CI === 'true';
if (!runBrowserTests) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium).');

/**
 * One real server process and one Swedish Chromium page for a test file,
 * started before its tests and stopped after. `checkAccessibility()` runs
 * axe-core on the page as it is and expects zero violations.
 */
export function useBrowserSession(env: Record<string, string> = {}) {
  const session = {
    server: undefined as unknown as Awaited<ReturnType<typeof startAppServer>>,
    browser: undefined as unknown as Browser,
    page: undefined as unknown as Page,
    visited: [] as string[],
    /** Texts a page's catalog part lacked (issue 14: app/i18n/catalogs-browser.ts warns and loads the whole catalog). */
    missingTexts: [] as string[],
    async checkAccessibility() {
      await session.page.waitForLoadState('networkidle');
      session.visited.push(new URL(session.page.url()).pathname);
      expect(session.missingTexts, `texts missing from the catalog part on ${session.page.url()}`).toEqual([]);
      const violations = await axeViolations(session.page);
      expect(violations, `axe on ${session.page.url()}:\n${describeViolations(violations)}`).toEqual([]);
    },
  };
  beforeAll(async () => {
    session.server = await startAppServer(env);
    session.browser = await launchChromium();
    // A Swedish browser: Accept-Language is the first guess at the reader's language. Paths are the server's (`page.goto('/konto')`).
    session.page = await session.browser.newPage({ locale: 'sv-SE', baseURL: session.server.url });
    session.page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().includes("this page's catalog part")) session.missingTexts.push(message.text());
    });
  }, startBudgetMs(env) + 30_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}

/**
 * Signs in through the sign-in form, as a person would, and waits until the
 * header offers to sign out. Opens `/logga-in` unless the page is there already
 * (so a test can look at the form first). With `redirectTo`, the form is opened
 * with it and the helper waits until that page has loaded. A page of
 * `useBrowserSession`, whose paths are the server's.
 */
export async function signIn(page: Page, email: string, password: string, opts: { redirectTo?: string } = {}): Promise<void> {
  if (opts.redirectTo !== undefined) await page.goto(`/logga-in?redirectTo=${encodeURIComponent(opts.redirectTo)}`);
  else if (new URL(page.url()).pathname !== '/logga-in') await page.goto('/logga-in');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  if (opts.redirectTo !== undefined) await page.waitForURL(`**${opts.redirectTo}`);
  await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
}

/** Signs out through the header's button and waits for the home page. */
export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Logga ut', exact: true });
  await button.click();
  await page.waitForURL('**/');
  await button.waitFor({ state: 'detached' });
}

/** Makes an account through the sign-up form; that signs no one in (the address is still to be confirmed). */
export async function signUp(page: Page, person: { name: string; email: string; password: string }): Promise<void> {
  await page.goto('/registrera');
  await page.getByLabel('Namn').fill(person.name);
  await page.getByLabel('E-postadress').fill(person.email);
  await page.getByLabel('Lösenord').fill(person.password);
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await page.waitForURL('**/registrera/skickat');
}
