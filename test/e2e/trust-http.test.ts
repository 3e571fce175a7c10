import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, startBudgetMs } from '../support/server.ts';

/**
 * Issue 11 defects that live in the HTTP stack of the real server process
 * (Express around Remix): response headers and a form posted without JavaScript.
 * Plain HTTP requests are exactly what a browser without JavaScript sends.
 */
let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer({ SEED_DEMO: 'true' });
}, startBudgetMs({ SEED_DEMO: 'true' }) + 30_000); // the demo seed (a verified organisation with an initiative and its admin) takes a while on a busy machine
afterAll(async () => {
  await server?.stop();
});

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const INITIATIVE = '/insatser/feriejobb-malmo'; // demo content of Malmö stad, whose admin Anna is

async function signIn(): Promise<string> {
  const res = await fetch(`${server.url}/logga-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'anna.lindqvist@malmo.example', password: 'samverka-demo' }).toString(),
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

function upload(cookie: string, name: string, bytes: Uint8Array, type: string) {
  const body = new FormData();
  body.set('file', new File([Buffer.from(bytes)], name, { type }));
  return fetch(`${server.url}${INITIATIVE}/bilagor`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url, Cookie: cookie }, body });
}

describe('the real server', () => {
  it('sends no HSTS over plain http, and one of each security header', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).not.toContain(', ');
  });

  it('answers every page despite a malformed cookie set elsewhere on the domain', async () => {
    const cookie = await signIn();
    const res = await fetch(`${server.url}/konto`, { redirect: 'manual', headers: { Cookie: `x=%E0%A4%A; ${cookie}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('anna.lindqvist@malmo.example');
  });

  it('shows why an upload posted without JavaScript was refused, with its status', async () => {
    const cookie = await signIn();
    const res = await upload(cookie, 'rapport.pdf', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'application/pdf');
    expect(res.status).toBe(415);
    const html = await res.text();
    expect(html).toContain('Filtypen stöds inte. Välj PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG.');
  });

  it('takes a file named "budget; 2024.pdf" and serves it with one CSP, one nosniff and a valid Content-Disposition', async () => {
    const cookie = await signIn();
    const up = await upload(cookie, 'budget; 2024.pdf', pdf, 'application/pdf');
    expect(up.status).toBe(302);
    const page = await (await fetch(`${server.url}${INITIATIVE}`, { headers: { Cookie: cookie } })).text();
    const href = [...page.matchAll(/href="(\/insatser\/feriejobb-malmo\/bilagor\/[0-9a-f-]{36})">budget; 2024\.pdf</g)].at(-1)?.[1];
    expect(href).toBeTruthy();
    const file = await fetch(`${server.url}${href}`, { headers: { Cookie: cookie } });
    expect(file.status).toBe(200);
    // Joined with ", " if the header were sent twice.
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename="budget_ 2024.pdf"; filename*=UTF-8''budget%3B%202024.pdf`);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
  });
});
