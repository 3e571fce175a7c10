/**
 * The write-up editor (issue 14): an initiative from an empty form to published with the keyboard
 * alone (comboboxes and the rich-text toolbar included), and a draft that survives a reload, its
 * areas chosen with the mouse. Each test signs in afresh, so each passes alone (`-t`) and in file order.
 */
import { describe, expect, it } from 'vitest';
import { runBrowserTests, signIn as signInThroughForm, useBrowserSession } from '../support/browser.ts';

describe.runIf(runBrowserTests)('the write-up editor in Chromium', () => {
  const session = useBrowserSession({ SEED_DEMO: 'true' });

  /** Presses Tab (or Shift+Tab) until the focused element matches; fails if it never comes. */
  const tabTo = async (matches: string, backwards = false) => {
    const { page } = session;
    for (let n = 0; n < 80; n++) {
      if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, matches)) return;
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${matches}`);
  };
  const focusedText = () => session.page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

  /** A fresh start: signed out (no session cookie left by an earlier test), then signed in. */
  const signIn = async (email: string) => {
    const { page } = session;
    await page.context().clearCookies();
    await page.goto('/logga-in');
    await signInThroughForm(page, email, 'samverka-demo');
  };

  it('writes an initiative from an empty form to published using only the keyboard', async () => {
    const { page, server } = session;
    const title = `Samtalsgrupper för föräldrar ${Date.now()}`;
    await signIn('anna.lindqvist@malmo.example');
    await page.goto(`${server.url}/insatser/ny`);
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    // The section list beside the form says what is missing.
    const sections = page.getByRole('navigation', { name: 'Formulärets delar' });
    await sections.getByRole('link', { name: /Vad och varför.*1 obligatoriskt fält saknas/ }).waitFor();
    await session.checkAccessibility();

    // What and why: title, summary, plain-language summary, and the body with a heading and bold text from the keyboard.
    await tabTo('#field-title');
    await page.keyboard.type(title);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Träffar varannan vecka där föräldrar delar erfarenheter.');
    await page.keyboard.press('Tab');
    // The plain-language summary is optional: left empty.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-plainSummary');
    await page.keyboard.press('Tab');
    // The toolbar is one tab stop, its buttons named and telling their shortcuts.
    expect(await focusedText()).toBe('Rubrik');
    await page.keyboard.press('ArrowRight');
    expect(await focusedText()).toBe('Fet');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts'))).toBe('Control+B');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-body');
    await page.keyboard.press('Control+Alt+2');
    await page.keyboard.type('Bakgrund');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('Viktigt:');
    await page.keyboard.press('Control+B');
    await page.keyboard.type(' träffarna leds av två samtalsledare.');
    const editor = page.getByRole('textbox', { name: 'Beskrivning' });
    expect(await editor.locator('h2').textContent()).toBe('Bakgrund');
    expect(await editor.locator('strong').textContent()).toBe('Viktigt:');
    await sections.getByRole('link', { name: /Vad och varför.*4 av 5 ifyllda/ }).waitFor();

    // Where and for whom: the areas combobox filters to one match, with its län heading and no other.
    await tabTo('#field-areaCodes');
    await page.keyboard.type('Malmö');
    const listbox = page.getByRole('listbox', { name: 'Områden (kommuner eller län)' });
    // Enter chooses the highlighted option: wait until the filter has put the match there.
    await listbox.getByRole('option', { name: 'Malmö', exact: true, selected: true }).waitFor();
    expect(await listbox.getByRole('group').count()).toBe(1);
    expect(await listbox.getByRole('group').getAttribute('aria-labelledby')).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Malmö' }).waitFor();
    // A second area, then removed again from the keyboard (Backspace in the empty box).
    await page.keyboard.type('Lund');
    await listbox.getByRole('option', { name: 'Lund', exact: true, selected: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Lund' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByRole('button', { name: 'Ta bort Lund' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ta bort Malmö' }).count()).toBe(1);
    await session.checkAccessibility();

    await tabTo('#field-targetGroups');
    await page.keyboard.type('föräld');
    await page.getByRole('option', { name: 'Föräldrar', exact: true, selected: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Föräldrar' }).waitFor();
    await page.keyboard.press('Escape');

    await tabTo('#field-partnerIds');
    await page.keyboard.type('Grannskap');
    await page.getByRole('option', { name: 'Föreningen Grannskap Rosengård', selected: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Föreningen Grannskap Rosengård' }).waitFor();
    await page.keyboard.press('Escape');

    // Success factors: a checkbox, checked with Space.
    await tabTo('input[name="successFactors"][value="early_preventive"]');
    await page.keyboard.press('Space');

    await tabTo('#field-inspiredBy');
    await page.keyboard.type('Föräldraträffar');
    await page.getByRole('option', { name: 'Föräldraträffar på modersmål (exempel)' }).waitFor();
    await page.getByRole('option', { name: 'Föräldraträffar på modersmål (exempel)', selected: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Föräldraträffar på modersmål (exempel)' }).waitFor();
    await page.keyboard.press('Escape');

    // Save the draft with Enter on the button.
    await tabTo('button[type="submit"]');
    expect(await focusedText()).toBe('Spara utkast');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.startsWith('/insatser/') && url.pathname !== '/insatser/ny');
    await page.locator('h1', { hasText: title }).waitFor();
    const initiativePath = new URL(page.url()).pathname;
    // What the comboboxes chose was saved.
    await page.getByText('Malmö', { exact: true }).first().waitFor();
    await page.getByText('Föreningen Grannskap Rosengård').first().waitFor();
    await page.getByRole('link', { name: 'Föräldraträffar på modersmål (exempel)' }).first().waitFor();
    expect(await page.locator('.rich-text strong').textContent()).toBe('Viktigt:');
    await session.checkAccessibility();

    // Publish for everyone: the radio group by arrow keys, then the button.
    await tabTo('input[name="visibility"]');
    for (let n = 0; n < 5 && !(await page.getByRole('radio', { name: 'Alla (offentlig)' }).isChecked()); n++) await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: 'Alla (offentlig)' }).isChecked()).toBe(true);
    await tabTo('button[name="intent"][value="publish"]');
    await page.keyboard.press('Enter');
    await page.getByText('Alla (offentlig) · Publicerad').waitFor();
    expect(new URL(page.url()).pathname).toBe(initiativePath);
    await session.checkAccessibility();

    // The saved draft is gone: a new form offers nothing back.
    await page.goto(`${server.url}/insatser/ny`);
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    expect(await page.getByText('Du har en osparad version').count()).toBe(0);
  });

  it('keeps what was typed through a reload and offers it back; leaving asks first', async () => {
    const { page, server } = session;
    const title = `Utkast som inte får försvinna ${Date.now()}`;
    await signIn('anna.lindqvist@malmo.example');
    // A clean start: no draft left from another test.
    await page.goto(`${server.url}/insatser/ny`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' }).fill(title);
    await page.getByRole('textbox', { name: 'Beskrivning' }).click();
    await page.keyboard.type('Text som bara finns i webbläsaren.');
    // Areas with the mouse, right after typing in the rich-text field: a click on an option once stalled the page
    // here (a state update queued from Downshift's stateReducer re-ran that reducer for ever; issue 14).
    const areas = page.getByRole('combobox', { name: 'Områden (kommuner eller län)' });
    await areas.fill('Uppsala');
    await page.getByRole('option', { name: 'Uppsala', exact: true }).click();
    await page.getByRole('button', { name: 'Ta bort Uppsala' }).waitFor();
    await areas.fill('Lund');
    await page.getByRole('option', { name: 'Lund', exact: true }).click();
    await page.getByRole('button', { name: 'Ta bort Lund' }).waitFor();
    // A third from the keyboard in the same box, and a chip removed with the mouse.
    await areas.fill('Kiruna');
    for (let n = 0; n < 20 && (await page.getByRole('option', { name: 'Kiruna', exact: true }).getAttribute('aria-selected')) !== 'true'; n++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Ta bort Kiruna' }).waitFor();
    await page.getByRole('button', { name: 'Ta bort Lund' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Ta bort Lund' }).count()).toBe(0);
    expect(await page.locator('input[type="hidden"][name="areaCodes"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['0380', '2584']);
    // The draft is kept a moment after the last change.
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('samverka:draft:') && (localStorage.getItem(k) ?? '').includes('Text som bara finns'))), { timeout: 10_000 })
      .toHaveLength(1);

    // A link inside the app asks first; staying keeps everything.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.getByRole('navigation', { name: 'Formulärets delar' }).waitFor();
    await page.getByRole('link', { name: 'Insatser', exact: true }).first().click();
    await expect.poll(() => asked).toEqual(['confirm']);
    expect(new URL(page.url()).pathname).toBe('/insatser/ny');

    // Reloading asks too (beforeunload); after it the draft is offered back.
    page.once('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    await page.getByText('Du har en osparad version från').waitFor();
    expect(asked).toEqual(['confirm', 'beforeunload']);
    expect(await page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' }).inputValue()).toBe('');
    await session.checkAccessibility();
    await page.getByRole('button', { name: 'Återställ', exact: true }).click();
    expect(await page.getByRole('textbox', { name: 'Rubrik (obligatoriskt)' }).inputValue()).toBe(title);
    await page.getByRole('textbox', { name: 'Beskrivning' }).getByText('Text som bara finns i webbläsaren.').waitFor();
    await page.getByRole('button', { name: 'Ta bort Uppsala' }).waitFor();
    await page.getByRole('button', { name: 'Ta bort Kiruna' }).waitFor();
    expect(await page.getByRole('button', { name: 'Ta bort Lund' }).count()).toBe(0);
    expect(await page.getByText('Du har en osparad version från').count()).toBe(0);

    // "Släng" forgets it.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await page.getByRole('button', { name: 'Släng', exact: true }).click();
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('samverka:draft:')).length)).toBe(0);
    page.removeAllListeners('dialog');
    await page.reload();
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    expect(await page.getByText('Du har en osparad version från').count()).toBe(0);
  });
});
