import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#app/config.server.ts';
import { securityHeaders } from '#app/server/security.server.ts';
import { parseClaimedDomain } from '#app/organizations/domains.server.ts';
import {
  ANONYMOUS,
  canClaimDomain,
  canDecideDomainClaim,
  canUnlinkIdentity,
  directJoinRoute,
  FRESH_SIGN_IN_MS,
  meetsAdminAssurance,
  ownerProofRequired,
  platformAdminPowers,
  ssoAccountRefusal,
  type Actor,
} from '#app/policy.ts';

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

describe('ADMIN_MIN_ACR: the assurance platform admins need', () => {
  const LOA3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
  const LOA4 = 'http://id.elegnamnden.se/loa/1.0/loa4';
  const providers = JSON.stringify([{ id: 'eid', issuer: 'https://eid.example', clientId: 'c', clientSecret: 's', label: { sv: 'E-legitimation', en: 'e-ID' }, acrValues: [LOA3] }]);

  it('reads the accepted levels, minimum first, separated by spaces or commas; unset means none', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).ADMIN_MIN_ACR).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', OIDC_PROVIDERS: providers, ADMIN_MIN_ACR: `${LOA3}, ${LOA4}` }).ADMIN_MIN_ACR).toEqual([LOA3, LOA4]);
  });

  it.each([
    ['a level twice', `${LOA3} ${LOA3}`, providers, /listed twice/],
    ['no provider to give it', LOA3, undefined, /needs at least one provider/],
    ['a control character', 'loa3\u0007', providers, /acr value/],
  ])('refuses %s at boot', (_, value, oidc, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_PROVIDERS: oidc, ADMIN_MIN_ACR: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_PROVIDERS: oidc, ADMIN_MIN_ACR: value })).toThrow(message);
  });

  it.each([
    ['no minimum: any session', null, [], true],
    ['a password session (no acr)', null, [LOA3], false],
    ['the minimum itself', LOA3, [LOA3, LOA4], true],
    ['a higher accepted level', LOA4, [LOA3, LOA4], true],
    ['a level not listed', 'http://id.elegnamnden.se/loa/1.0/loa2', [LOA3, LOA4], false],
  ] as const)('%s', (_, acr, accepted, met) => {
    expect(meetsAdminAssurance(acr, accepted)).toBe(met);
    expect(platformAdminPowers({ isPlatformAdmin: true }, acr, accepted)).toEqual({ isPlatformAdmin: met, adminAssuranceShort: !met });
    // Not an admin: nothing to withhold, nothing to explain.
    expect(platformAdminPowers({ isPlatformAdmin: false }, acr, accepted)).toEqual({ isPlatformAdmin: false, adminAssuranceShort: false });
  });
});

describe('organisations claim email domains', () => {
  const org = { id: 'o1', approvedDomains: ['malmo.se'], providerIds: ['malmo-entra'] };
  const admin = person('a', { memberships: [{ organizationId: 'o1', role: 'admin', organizationVerified: true }] });

  it('its admins claim; platform admins decide pending claims only', () => {
    expect(canClaimDomain(admin, { id: 'o1' })).toBe(true);
    expect(canClaimDomain(person('m', { memberships: [{ organizationId: 'o1', role: 'editor', organizationVerified: true }] }), { id: 'o1' })).toBe(false);
    expect(canClaimDomain(person('p', { isPlatformAdmin: true }), { id: 'o1' })).toBe(false);
    expect(canClaimDomain({ ...admin, emailVerified: false }, { id: 'o1' })).toBe(false);
    expect(canDecideDomainClaim(person('p', { isPlatformAdmin: true }), { status: 'pending' })).toBe(true);
    expect(canDecideDomainClaim(person('p', { isPlatformAdmin: true }), { status: 'approved' })).toBe(false);
    expect(canDecideDomainClaim(admin, { status: 'pending' })).toBe(false);
  });

  it.each([
    ['an address on an approved domain', person('u'), 'anna@malmo.se', [], { via: 'domain', domain: 'malmo.se' }],
    ['the domain in capitals', person('u'), 'Anna@MALMO.SE', [], { via: 'domain', domain: 'malmo.se' }],
    ['a subdomain (not the claimed domain)', person('u'), 'anna@skola.malmo.se', [], null],
    ['another domain', person('u'), 'anna@lund.se', [], null],
    ['an unconfirmed address', person('u', { emailVerified: false }), 'anna@malmo.se', [], null],
    ['a member already', admin, 'anna@malmo.se', [], null],
    ['signed out', ANONYMOUS, 'anna@malmo.se', [], null],
    ['a sign-in through the organisation\'s provider', person('u'), 'anna@gmail.com', ['malmo-entra'], { via: 'provider', providerId: 'malmo-entra' }],
    ['a sign-in through another provider', person('u'), 'anna@gmail.com', ['other'], null],
  ] as const)('one-click join: %s', (_, actor, email, identityProviderIds, route) => {
    expect(directJoinRoute(actor, org, { email, identityProviderIds })).toEqual(route);
  });

  it('public mail domains cannot be claimed', () => {
    for (const d of ['gmail.com', 'hotmail.com', 'outlook.com', 'live.se', 'yahoo.com', 'icloud.com', 'telia.com', 'hotmail.se', 'bredband.net']) expect(parseClaimedDomain(d)).toEqual({ ok: false, key: 'error.domain.public' });
    expect(parseClaimedDomain(' @Malmo.SE ')).toEqual({ ok: true, domain: 'malmo.se' });
    expect(parseClaimedDomain('malmo')).toEqual({ ok: false, key: 'error.domain.invalid' });
    expect(parseClaimedDomain('')).toEqual({ ok: false, key: 'error.required' });
  });
});
