import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { securityHeaders } from '#app/server/security.server.ts';
import { ANONYMOUS, canUnlinkIdentity, FRESH_SIGN_IN_MS, ownerProofRequired, ssoAccountRefusal, type Actor } from '#app/policy.ts';

const person = (userId: string, extra: Partial<Actor> = {}): Actor => ({ userId, isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: true, ...extra });

describe('single sign-on policy', () => {
  it.each([
    // who, password, identities, whose identity, allowed
    ['owner with a password, one provider', person('u1'), true, 1, 'u1', true],
    ['owner without a password, two providers', person('u1'), false, 2, 'u1', true],
    ['owner without a password, the last provider', person('u1'), false, 1, 'u1', false],
    ['someone else', person('u2'), true, 2, 'u1', false],
    ['a platform admin (not theirs to unlink)', person('admin', { isPlatformAdmin: true }), true, 2, 'u1', false],
    ['signed out', ANONYMOUS, true, 2, 'u1', false],
    ['the owner, an identity of another account', person('u1'), true, 2, 'u2', false],
  ] as const)('unlink: %s', (_, actor, hasPassword, identityCount, identityOwner, allowed) => {
    expect(canUnlinkIdentity(actor, { userId: 'u1', hasPassword, identityCount }, { userId: identityOwner })).toBe(allowed);
  });

  it('deleting an account needs the password, or a single sign-on from the last ten minutes when there is none', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(ownerProofRequired({ hasPassword: true }, { ssoProviderId: 'test', createdAt: ago(0) }, now)).toBe('password');
    expect(ownerProofRequired({ hasPassword: false }, { ssoProviderId: 'test', createdAt: ago(FRESH_SIGN_IN_MS) }, now)).toBe('freshSignIn');
    expect(ownerProofRequired({ hasPassword: false }, { ssoProviderId: 'test', createdAt: ago(FRESH_SIGN_IN_MS + 1) }, now)).toBe('reauthenticate');
    expect(ownerProofRequired({ hasPassword: false }, { ssoProviderId: null, createdAt: ago(0) }, now)).toBe('reauthenticate');
  });

  it.each([
    [{ email: 'a@malmo.se', emailVerified: true }, {}, null],
    [{ email: 'a@malmo.se', emailVerified: true }, { allowedDomains: ['malmo.se'] }, null],
    [{ email: 'a@sub.malmo.se', emailVerified: true }, { allowedDomains: ['malmo.se'] }, 'domainNotAllowed'],
    [{ email: 'a@evil-malmo.se', emailVerified: true }, { allowedDomains: ['malmo.se'] }, 'domainNotAllowed'],
    [{ email: 'a@malmo.se', emailVerified: false }, {}, 'unverifiedEmail'],
    [{ email: null, emailVerified: true }, {}, 'noEmail'],
  ] as const)('a first sign-in with %o at %o: %s', (claims, provider, refusal) => {
    expect(ssoAccountRefusal(claims, provider as { allowedDomains?: string[] })).toBe(refusal);
  });
});

describe('OIDC_PROVIDERS', () => {
  const secret = 'super-secret-value-123';
  const valid = { id: 'malmo', issuer: 'https://login.malmo.se/realms/staff', clientId: 'samverka', clientSecret: secret, label: { sv: 'Malmö stad', en: 'City of Malmö' } };
  const problems = (value: unknown) => {
    try {
      loadConfig({ OIDC_PROVIDERS: typeof value === 'string' ? value : JSON.stringify(value) });
      return '';
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
  };

  it('reads a list of providers, with domains lower-cased', () => {
    const [p] = loadConfig({ OIDC_PROVIDERS: JSON.stringify([{ ...valid, allowedDomains: ['Malmo.SE'], acrValues: ['loa3'], organizationSlug: 'malmo-stad' }]) }).OIDC_PROVIDERS;
    expect(p).toMatchObject({ id: 'malmo', allowedDomains: ['malmo.se'], acrValues: ['loa3'] });
    expect(loadConfig({}).OIDC_PROVIDERS).toEqual([]);
  });

  it.each([
    ['not JSON', '{', /OIDC_PROVIDERS: must be a JSON array/],
    ['a missing secret', [{ ...valid, clientSecret: undefined }], /\[0\]\.clientSecret: expected string/],
    ['plain http to another machine', [{ ...valid, issuer: 'http://login.malmo.se' }], /\[0\]\.issuer: must start with https:\/\//],
    ['a bad id', [{ ...valid, id: 'Malmö Stad' }], /\[0\]\.id: must be 1–40 lower-case/],
    ['an unknown field', [{ ...valid, client_secret: secret }], /unknown field\(s\) client_secret/],
    ['a bad domain', [{ ...valid, allowedDomains: ['malmo'] }], /\[0\]\.allowedDomains\[0\]: must be a domain name/],
    ['the same id twice', [valid, valid], /\[1\]\.id: "malmo" is used twice/],
    ['a label missing English', [{ ...valid, label: { sv: 'Malmö' } }], /\[0\]\.label\.en: expected string/],
  ])('refuses %s, naming the field and never the secret', (_, value, message) => {
    const text = problems(value);
    expect(text).toMatch(message);
    expect(text).not.toContain(secret);
  });

  it('allows plain http for a provider on this machine (tests, development)', () => {
    expect(problems([{ ...valid, issuer: 'http://127.0.0.1:8080' }])).toBe('');
    expect(problems([{ ...valid, issuer: 'http://localhost:8080/realms/x' }])).toBe('');
  });
});

describe('the sign-in forms may lead to the providers', () => {
  it('form-action names the providers\' origins and nothing else', () => {
    expect(securityHeaders('n', { development: false })['Content-Security-Policy']).toContain("form-action 'self';");
    expect(securityHeaders('n', { development: false, formTargets: ['https://login.malmo.se'] })['Content-Security-Policy']).toContain("form-action 'self' https://login.malmo.se;");
  });
});
