import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserTests, useBrowserSession } from '../support/browser.ts';
import { startSmtpServer } from '../support/smtp.ts';

const PASSWORD = 'samverka-demo';
const ANNA = 'anna.lindqvist@malmo.example'; // Malmö stad (kommun)
const FATIMA = 'fatima.hassan@forening.example'; // Föreningen Grannskap Rosengård
const ERIK = 'erik.johansson@af.example'; // Arbetsförmedlingen, not in the new group

/** A calendar date `days` from now, as a date input wants it (far enough ahead for any time zone). */
const daysFromNow = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

describe.runIf(runBrowserTests)('a closed working group in Chromium: invitation by mail, discussion, meeting, action item, and a non-member sees nothing', () => {
  // The real SMTP server starts first, so the app server (started by the session) can be pointed at it.
  const env: Record<string, string> = { SEED_DEMO: 'true' };
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    env.SMTP_URL = smtp.url;
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const session = useBrowserSession(env);
  const checkAccessibility = () => session.checkAccessibility();

  it('creates a closed group, invites by mail, works together in it, and keeps it invisible to others', async () => {
    const { page, server, visited } = session;
    const stamp = Date.now();
    const groupName = `Fritid för unga i Rosengård ${stamp}`;
    const purpose = 'Vi samordnar fritidsaktiviteter för unga under sommarlovet.';
    const threadTitle = `Sommarlovsaktiviteter ${stamp}`;
    const threadBody = 'Vilka lokaler kan vi låna i juli?';
    const meetingTitle = `Planeringsmöte ${stamp}`;
    const meetingDate = daysFromNow(30);
    const agendaText = 'Genomgång av lokaler och ansvar.';
    const actionTitle = `Boka idrottshallen ${stamp}`;
    const dueDate = daysFromNow(21);

    const signIn = async (email: string) => {
      await page.getByLabel('E-postadress').fill(email);
      await page.getByLabel('Lösenord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    };
    const signInFromStart = async (email: string) => {
      await page.goto(`${server.url}/logga-in`);
      await signIn(email);
      await page.waitForURL(server.url + '/');
      await page.getByRole('button', { name: 'Logga ut', exact: true }).waitFor();
    };
    const signOut = async () => {
      await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
      await page.waitForURL(server.url + '/');
      await page.getByRole('link', { name: 'Logga in', exact: true }).waitFor();
    };
    /** Waits for the editor labelled `label` to replace its textarea, then types `text` into it. */
    const typeInEditor = async (label: string, text: string, name: string) => {
      const editor = page.getByRole('textbox', { name: label, exact: true });
      const field = editor.locator('xpath=ancestor::div[contains(@class, "field")][1]');
      await field.getByRole('toolbar', { name: 'Formatering' }).waitFor();
      await editor.click();
      await page.keyboard.type(text);
      // What the form sends carries the text before the form is submitted.
      await expect.poll(() => page.locator(`input[name="${name}"]`).inputValue(), { timeout: 10_000 }).toContain(text);
    };

    // --- Anna (Malmö stad) creates a closed group. --------------------------------------------
    await signInFromStart(ANNA);
    await page.goto(`${server.url}/grupper`);
    await page.locator('h1', { hasText: 'Arbetsgrupper' }).waitFor();
    await checkAccessibility();
    await page.getByRole('link', { name: 'Skapa grupp', exact: true }).click();
    await page.waitForURL('**/grupper/ny');
    await page.locator('h1', { hasText: 'Skapa arbetsgrupp' }).waitFor();
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();

    // Nothing filled in: the name and the purpose say what is missing, and the page stays accessible.
    await page.getByRole('button', { name: 'Skapa gruppen', exact: true }).click();
    await page.locator('#field-name-error').waitFor();
    await page.locator('#field-purpose-error').waitFor();
    expect(await page.getByRole('textbox', { name: /^Gruppens namn/ }).getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toBe(`${server.url}/grupper/ny`);
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();

    await page.getByRole('textbox', { name: /^Gruppens namn/ }).fill(groupName);
    await typeInEditor('Syfte (obligatoriskt)', purpose, 'purpose');
    await page.getByLabel('Område (valfritt)').selectOption({ label: 'Malmö' });
    await page.getByRole('radio', { name: /^Stängd/ }).check();
    expect(await page.getByRole('checkbox', { name: 'Visa gruppens namn i gruppkatalogen' }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Skapa gruppen', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/grupper/') && url.pathname !== '/grupper/ny');
    await page.locator('h1', { hasText: groupName }).waitFor();
    const groupPath = new URL(page.url()).pathname;
    // Confirmed in words on the next page (issue 14).
    await page.getByRole('status').filter({ hasText: 'Gruppen är skapad.' }).waitFor();
    await page.locator('.rich-text', { hasText: purpose }).waitFor();
    await page.getByText('Stängd', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Malmö', exact: true }).waitFor();
    await checkAccessibility();

    // On the members page she invites Fatima by e-mail.
    await page.getByRole('link', { name: 'Hantera medlemmar' }).click();
    await page.waitForURL(`**${groupPath}/medlemmar`);
    await page.locator('h1', { hasText: `Medlemmar i ${groupName}` }).waitFor();
    await page.getByRole('textbox', { name: /^E-postadress/ }).fill(FATIMA);
    await page.getByRole('button', { name: 'Skicka inbjudan', exact: true }).click();
    await page.getByText(`Inbjudan är skickad till ${FATIMA}.`).waitFor();
    await page.getByRole('heading', { name: 'Skickade inbjudningar' }).waitFor();
    await checkAccessibility();
    await signOut();

    // The in-app worker sends the invitation through the real SMTP server.
    const subject = `Inbjudan till arbetsgruppen ${groupName} på Samverka`;
    await expect
      .poll(() => smtp.inbox(FATIMA).filter((m) => m.subject === subject).length, { timeout: 30_000, interval: 250, message: 'the invitation mail did not arrive' })
      .toBe(1);
    const mail = smtp.inbox(FATIMA).find((m) => m.subject === subject)!;
    const link = mail.text.match(/http:\/\/\S+\/grupper\/inbjudan\/[A-Za-z0-9_-]+/)?.[0];
    expect(link, mail.text).toBeDefined();
    expect(link!.startsWith(server.url)).toBe(true);
    expect(mail.text).toContain('Anna Lindqvist');

    // --- Fatima opens the link signed out, signs in, comes back and accepts. ------------------
    await page.goto(link!);
    await page.locator('h1', { hasText: `Inbjudan till ${groupName}` }).waitFor();
    await page.getByText(`Anna Lindqvist bjuder in dig till arbetsgruppen ${groupName} på Samverka.`).waitFor();
    await checkAccessibility();
    await page.getByRole('main').getByRole('link', { name: 'Logga in', exact: true }).click();
    await page.waitForURL('**/logga-in?**');
    await signIn(FATIMA);
    await page.waitForURL(link!);
    await page.getByRole('button', { name: 'Gå med i gruppen', exact: true }).waitFor();
    await page.getByLabel(/^Organisation du representerar/).selectOption({ label: 'Föreningen Grannskap Rosengård' });
    await checkAccessibility();
    await page.getByRole('button', { name: 'Gå med i gruppen', exact: true }).click();
    await page.waitForURL(`**${groupPath}?klart=medlem`);
    await page.locator('h1', { hasText: groupName }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Inbjudan är antagen: du är nu medlem.' }).waitFor();
    await page.getByRole('navigation', { name: `Gruppens delar: ${groupName}` }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Föreningen Grannskap Rosengård' }).waitFor();
    await checkAccessibility();

    // She starts a discussion.
    await page.getByRole('navigation', { name: `Gruppens delar: ${groupName}` }).getByRole('link', { name: 'Diskussioner' }).click();
    await page.waitForURL(`**${groupPath}/diskussioner`);
    await page.locator('h1', { hasText: 'Diskussioner' }).waitFor();
    await page.getByText('Inga diskussioner än. Starta den första!').waitFor();
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();
    await page.getByRole('textbox', { name: /^Rubrik/ }).fill(threadTitle);
    await typeInEditor('Inlägg', threadBody, 'body');
    await page.getByRole('button', { name: 'Starta diskussionen', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${groupPath}/diskussioner/`));
    await page.locator('h1', { hasText: threadTitle }).waitFor();
    const threadPath = new URL(page.url()).pathname;
    await page.getByRole('status').filter({ hasText: 'Diskussionen är startad.' }).waitFor();
    await page.locator('.post--thread .rich-text', { hasText: threadBody }).waitFor();
    expect(await page.locator('.post--thread .post__byline').textContent()).toContain('Fatima Hassan, Föreningen Grannskap Rosengård');
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();
    // It is listed.
    await page.getByRole('link', { name: '← Alla diskussioner' }).click();
    await page.waitForURL(`**${groupPath}/diskussioner`);
    await page.getByRole('link', { name: threadTitle, exact: true }).waitFor();
    await checkAccessibility();
    await signOut();

    // --- Anna schedules a meeting and gives Fatima an action item. ------------------------------
    await signInFromStart(ANNA);
    await page.goto(`${server.url}${groupPath}/moten`);
    await page.locator('h1', { hasText: `Möten – ${groupName}` }).waitFor();
    await page.getByText('Inga möten är inplanerade.').waitFor();
    await page.getByRole('toolbar', { name: 'Formatering' }).waitFor();
    await checkAccessibility();
    await page.getByRole('textbox', { name: /^Rubrik/ }).fill(meetingTitle);
    await page.getByLabel(/^Datum/).fill(meetingDate);
    await page.getByLabel(/^Starttid/).fill('13:00');
    await page.getByLabel(/^Sluttid/).fill('14:30');
    await page.getByRole('textbox', { name: /^Plats/ }).fill('Rosengårds bibliotek');
    await typeInEditor('Dagordning', agendaText, 'agenda');
    await page.getByRole('button', { name: 'Boka mötet', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${groupPath}/moten/`));
    await page.locator('h1', { hasText: meetingTitle }).waitFor();
    const meetingPath = new URL(page.url()).pathname;
    await page.getByRole('status').filter({ hasText: 'Mötet är bokat.' }).waitFor();
    await page.locator('.meeting-facts', { hasText: 'Rosengårds bibliotek' }).waitFor();
    expect(await page.locator('.meeting-facts').textContent()).toContain('13:00');
    await page.locator('section[aria-labelledby="agenda"] .rich-text', { hasText: agendaText }).waitFor();
    await page.getByRole('toolbar', { name: 'Formatering' }).first().waitFor();
    await checkAccessibility();

    await page.getByRole('navigation', { name: `Gruppens delar: ${groupName}` }).getByRole('link', { name: 'Åtgärder' }).click();
    await page.waitForURL(`**${groupPath}/atgarder`);
    await page.locator('h1', { hasText: `Åtgärder – ${groupName}` }).waitFor();
    await page.getByRole('textbox', { name: /^Vad ska göras/ }).fill(actionTitle);
    await page.getByLabel(/^Ansvarig/).selectOption({ label: 'Fatima Hassan (Föreningen Grannskap Rosengård)' });
    await page.getByLabel('Klar senast').fill(dueDate);
    await page.getByRole('button', { name: 'Lägg till åtgärden', exact: true }).click();
    await page.getByText('Åtgärden är tillagd och den ansvariga har fått veta.').waitFor();
    const openSection = page.locator('section[aria-labelledby="open"]');
    await openSection.getByText(actionTitle, { exact: true }).waitFor();
    expect(await openSection.locator('.action-item', { hasText: actionTitle }).textContent()).toContain('Ansvarig: Fatima Hassan');
    await checkAccessibility();
    await signOut();

    // --- Fatima sees her unread notifications and marks the item done. -------------------------
    await signInFromStart(FATIMA);
    // The meeting and the action item (her own thread notifies only others).
    const unread = page.getByRole('link', { name: 'Aviseringar, 2 olästa' });
    await unread.waitFor();
    expect(await unread.textContent()).toContain('Aviseringar (2)');
    await unread.click();
    await page.waitForURL('**/aviseringar');
    await page.locator('h1', { hasText: 'Aviseringar' }).waitFor();
    await page.getByText('Olästa aviseringar: 2.').waitFor();
    const notices = page.getByRole('list', { name: 'Aviseringar, nyaste först' });
    await notices.getByRole('link', { name: `Ny åtgärd i ${groupName} för Fatima Hassan: ${actionTitle}` }).waitFor();
    await notices.getByRole('link', { name: new RegExp(`^Nytt möte i ${groupName}: ${meetingTitle}`) }).waitFor();
    await checkAccessibility();

    await page.goto(`${server.url}${groupPath}/atgarder`);
    await page.locator('h1', { hasText: `Åtgärder – ${groupName}` }).waitFor();
    await checkAccessibility();
    // The button names the item for screen readers ("Markera som klar: <title>", the title visually hidden).
    await page.getByRole('button', { name: new RegExp(`^Markera som klar\\s*: ${actionTitle}$`) }).click();
    const doneSection = page.locator('section[aria-labelledby="done"]');
    await doneSection.locator('h2', { hasText: 'Klara åtgärder (1)' }).waitFor();
    const doneItem = doneSection.locator('.action-item', { hasText: actionTitle });
    await doneItem.waitFor();
    expect(await doneItem.textContent()).toContain('Status: Klar');
    await doneItem.getByRole('button', { name: new RegExp(`^Öppna igen\\s*: ${actionTitle}$`) }).waitFor();
    await page.locator('section[aria-labelledby="open"]').getByText('Inga öppna åtgärder.').waitFor();
    await checkAccessibility();
    await signOut();

    // --- Erik is in no part of it. -------------------------------------------------------------
    await signInFromStart(ERIK);
    await page.goto(`${server.url}/grupper`);
    await page.locator('h1', { hasText: 'Arbetsgrupper' }).waitFor();
    // His own demo groups are listed, the new one is not.
    await page.getByRole('link', { name: 'Regional samordning mot segregation – Skåne' }).waitFor();
    expect(await page.getByText(groupName).count()).toBe(0);
    expect(await page.content()).not.toContain(groupPath);
    await checkAccessibility();

    for (const path of [groupPath, `${groupPath}/medlemmar`, `${groupPath}/diskussioner`, threadPath, `${groupPath}/moten`, meetingPath, `${groupPath}/atgarder`]) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await page.locator('h1', { hasText: 'Sidan finns inte' }).waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      for (const secret of [groupName, threadTitle, meetingTitle, actionTitle]) expect(text, path).not.toContain(secret);
      expect(await page.title()).not.toContain(groupName);
      if (path === groupPath) await checkAccessibility();
    }

    // The meeting's calendar file (a resource route, fetched with Erik's session cookie) likewise.
    const ics = await page.request.get(`${server.url}${meetingPath}/ics`);
    expect(ics.status()).toBe(404);
    expect(await ics.text()).not.toContain(meetingTitle);

    await page.goto(`${server.url}/sok?q=${encodeURIComponent(threadTitle)}`);
    await page.locator('h1', { hasText: 'Sök' }).waitFor();
    await page.getByText('Inga träffar.').waitFor();
    await page.getByText(`0 träffar för ”${threadTitle}”`).waitFor();
    expect(await page.getByRole('link', { name: threadTitle }).count()).toBe(0);
    expect(await page.locator(`main a[href^="${groupPath}"]`).count()).toBe(0);
    await checkAccessibility();

    expect(visited).toEqual([
      '/grupper',
      '/grupper/ny',
      '/grupper/ny',
      groupPath,
      `${groupPath}/medlemmar`,
      new URL(link!).pathname,
      new URL(link!).pathname,
      groupPath,
      `${groupPath}/diskussioner`,
      threadPath,
      `${groupPath}/diskussioner`,
      `${groupPath}/moten`,
      meetingPath,
      `${groupPath}/atgarder`,
      '/aviseringar',
      `${groupPath}/atgarder`,
      `${groupPath}/atgarder`,
      '/grupper',
      groupPath,
      '/sok',
    ]);
  });
});
