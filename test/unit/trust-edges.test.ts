/** Defects from the outside review (issue 11) that live in pure functions. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { parseCookies, safeRedirectPath } from '#app/context.server.ts';
import { contentDisposition } from '#app/attachments/storage.server.ts';
import { privateSlug } from '#app/http/slug.ts';
import { HSTS, securityHeaders } from '#app/server/security.server.ts';

const SECRET = 'Hemligt-Zq7-lösen';

function bootError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('boot errors never show a secret', () => {
  it.each([
    ['SMTP_URL', { SMTP_URL: `http://user:${SECRET}@mail.example:587` }, 'must start with smtp:// or smtps://'],
    ['SMTP_URL', { SMTP_URL: `smtp//user:${SECRET}@mail.example` }, 'must be a URL'],
    ['DATABASE_URL', { DATABASE_URL: `mysql://app:${SECRET}@db.example/samverka` }, 'must start with postgres://'],
    ['DATABASE_URL', { DATABASE_URL: `postgres//app:${SECRET}@db` }, 'must be a URL'],
    ['MEILI_MASTER_KEY', { MEILI_MASTER_KEY: SECRET.slice(0, 10) }, 'must be at least 16 characters'],
    ['MEILI_URL', { MEILI_URL: `ftp://u:${SECRET}@search.example`, MEILI_MASTER_KEY: 'x'.repeat(16) }, 'must start with http://'],
  ])('%s: names the variable and the problem, not the value', (name, env, problem) => {
    const message = bootError(env);
    expect(message).toContain(`${name}: ${problem}`);
    expect(message).not.toContain(SECRET.slice(0, 10));
    expect(message).not.toContain('Hemligt');
  });

  it('a password in the URL of a setting that is not secret is hidden too', () => {
    const message = bootError({ PUBLIC_URL: `ftp://user:${SECRET}@samverka.example` });
    expect(message).toContain('PUBLIC_URL: must start with http:// or https://');
    expect(message).not.toContain('Hemligt');
  });

  it('still shows a harmless wrong value', () => {
    expect(bootError({ PORT: 'abc' })).toContain('(got "abc")');
  });
});

describe('cookies', () => {
  it('leaves out a value that cannot be decoded and keeps the rest', () => {
    expect(parseCookies('x=%E0%A4%A; samverka_session=abc; lang=sv')).toEqual({ samverka_session: 'abc', lang: 'sv' });
    expect(parseCookies('a=%C3%A5; b')).toEqual({ a: 'å' });
    expect(parseCookies('')).toEqual({});
    expect(parseCookies(null)).toEqual({});
  });
});

describe('redirect paths', () => {
  it.each([
    ['/konto', '/konto'],
    ['/sok?q=a#b', '/sok?q=a#b'],
    ['/insatser/../konto', '/konto'],
    ['/a b', '/a%20b'],
  ])('keeps %j as %j', (to, expected) => {
    expect(safeRedirectPath(to)).toBe(expected);
  });
  it.each(['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '//evil.example', '/.//evil.example', '/%2e//evil.example', 'https://evil.example', 'konto', '', '/x\u0000'])(
    'refuses %j',
    (to) => {
      expect(safeRedirectPath(to, '/fallback')).toBe('/fallback');
    },
  );
});

describe('private slugs', () => {
  it('are the name plus a random suffix, whether or not the plain slug is taken', async () => {
    const taken = new Set(['hemlig-titel']);
    const isTaken = async (_db: unknown, slug: string) => taken.has(slug);
    const a = await privateSlug(null, 'Hemlig titel', isTaken);
    const b = await privateSlug(null, 'Hemlig titel', async () => false);
    expect(a).toMatch(/^hemlig-titel-[a-z2-9]{5}$/);
    expect(b).toMatch(/^hemlig-titel-[a-z2-9]{5}$/);
  });
  it('tries another suffix when one is taken', async () => {
    let calls = 0;
    const slug = await privateSlug(null, 'Titel', async () => ++calls < 3);
    expect(calls).toBe(3);
    expect(slug).toMatch(/^titel-[a-z2-9]{5}$/);
  });
});

describe('attachment file names in Content-Disposition', () => {
  it.each([
    ['budget; 2024.pdf', 'budget_ 2024.pdf'],
    ['a=b.pdf', 'a_b.pdf'],
    ['x"; filename="evil.html', 'x__ filename__evil.html'],
    ['Årsrapport; bilaga=2.pdf', 'Arsrapport_ bilaga_2.pdf'],
  ])('%j gives one well-formed header with the exact name in filename*', (name, fallback) => {
    const header = contentDisposition(name, 'attachment');
    // RFC 6266: disposition-type, then parameters; the quoted fallback holds no separator or quote.
    const match = /^attachment; filename="([^"\\;=]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
    expect(match, header).not.toBeNull();
    expect(match![1]).toBe(fallback);
    expect(decodeURIComponent(match![2]!)).toBe(name);
  });
});

describe('HSTS', () => {
  it('is sent only when the site is served over HTTPS', () => {
    expect(securityHeaders('n', { development: false, https: true })['Strict-Transport-Security']).toBe(HSTS);
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders('n', { development: false, https: false })).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders('n', { development: false })).not.toHaveProperty('Strict-Transport-Security');
  });
});
