import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  canAcceptInvitation,
  canAdministerPlatform,
  canChangeMemberRole,
  canCreateGroup,
  canCreateOrganization,
  canReadDevMailbox,
  contentPermissions,
  groupInvitationBlocker,
  groupPermissions,
  mayShareRenderedPage,
  needsEmailConfirmation,
  organizationPermissions,
  readerContentScope,
  readerVisibilityKeys,
  type Actor,
  type ContentResource,
  type GroupResource,
  type OrganizationResource,
} from '#app/policy.ts';

const ORG = 'org-1';
const actor = (memberships: Actor['memberships'] = [], extra: Partial<Actor> = {}): Actor => ({ userId: 'u', isPlatformAdmin: false, memberships, groupMemberships: [], emailVerified: true, ...extra });
const as = (role: 'member' | 'editor' | 'admin', verified = true) => actor([{ organizationId: ORG, role, organizationVerified: verified }]);

const actors = {
  anonymous: ANONYMOUS,
  outsider: actor(),
  member: as('member'),
  editor: as('editor'),
  admin: as('admin'),
  memberOfOther: actor([{ organizationId: 'org-2', role: 'admin', organizationVerified: true }]),
  platformAdmin: actor([], { isPlatformAdmin: true }),
} satisfies Record<string, Actor>;

const verifiedOrg: OrganizationResource = { id: ORG, verified: true, adminCount: 2 };
const unverifiedOrg: OrganizationResource = { id: ORG, verified: false, adminCount: 2 };

type Flag = keyof ReturnType<typeof organizationPermissions>;
// actor × action on a verified organisation with two admins: expected answer.
const table: [keyof typeof actors, Flag, boolean][] = [
  ['anonymous', 'view', true],
  ['anonymous', 'edit', false],
  ['anonymous', 'requestJoin', false],
  ['anonymous', 'leave', false],
  ['anonymous', 'publish', false],
  ['outsider', 'requestJoin', true],
  ['outsider', 'manageMembers', false],
  ['outsider', 'leave', false],
  ['memberOfOther', 'requestJoin', true],
  ['memberOfOther', 'manageMembers', false],
  ['memberOfOther', 'publish', false],
  ['member', 'requestJoin', false],
  ['member', 'leave', true],
  ['member', 'manageMembers', false],
  ['member', 'edit', false],
  ['member', 'publish', false],
  ['editor', 'publish', true],
  ['editor', 'manageMembers', false],
  ['editor', 'leave', true],
  ['admin', 'publish', true],
  ['admin', 'manageMembers', true],
  ['admin', 'edit', true],
  ['admin', 'leave', true],
  ['admin', 'verify', false],
  ['platformAdmin', 'verify', false],
  ['platformAdmin', 'unverify', true],
  ['platformAdmin', 'edit', true],
  ['platformAdmin', 'manageMembers', false],
  ['platformAdmin', 'publish', false],
];

describe('organisation policy (verified organisation, two admins)', () => {
  it.each(table)('%s → %s = %s', (who, flag, expected) => {
    expect(organizationPermissions(actors[who], verifiedOrg)[flag]).toBe(expected);
  });
});

describe('organisation policy edge cases', () => {
  it('an unverified organisation cannot publish, whoever asks', () => {
    for (const role of ['member', 'editor', 'admin'] as const) expect(organizationPermissions(as(role, false), unverifiedOrg).publish).toBe(false);
  });
  it('only a platform admin verifies, and only an unverified organisation', () => {
    expect(organizationPermissions(actors.platformAdmin, unverifiedOrg).verify).toBe(true);
    expect(organizationPermissions(actors.admin, unverifiedOrg).verify).toBe(false);
  });
  it('the last admin cannot leave; a second admin makes it possible', () => {
    expect(organizationPermissions(actors.admin, { ...verifiedOrg, adminCount: 1 })).toMatchObject({ leave: false, isLastAdmin: true });
    expect(organizationPermissions(actors.admin, { ...verifiedOrg, adminCount: 2 })).toMatchObject({ leave: true, isLastAdmin: false });
  });
});

describe('member role changes', () => {
  const lastAdminOrg = { ...verifiedOrg, adminCount: 1 };
  it.each([
    ['admin promotes member', actors.admin, verifiedOrg, 'member', 'editor', true],
    ['admin removes member', actors.admin, verifiedOrg, 'member', 'removed', true],
    ['admin demotes one of two admins', actors.admin, verifiedOrg, 'admin', 'member', true],
    ['admin demotes the last admin', actors.admin, lastAdminOrg, 'admin', 'member', false],
    ['admin removes the last admin', actors.admin, lastAdminOrg, 'admin', 'removed', false],
    ['editor promotes member', actors.editor, verifiedOrg, 'member', 'editor', false],
    ['platform admin changes role', actors.platformAdmin, verifiedOrg, 'member', 'admin', false],
    ['anonymous removes member', actors.anonymous, verifiedOrg, 'member', 'removed', false],
  ] as const)('%s → %s', (_label, who, org, from, to, expected) => {
    expect(canChangeMemberRole(who, org, { role: from }, to)).toBe(expected);
  });
});

describe('platform-wide rules', () => {
  it('a rendered page is shared with other readers only when it was rendered for the anonymous reader (page cache)', () => {
    for (const [name, a] of Object.entries(actors)) expect(mayShareRenderedPage(a), name).toBe(name === 'anonymous');
    expect(mayShareRenderedPage({ ...ANONYMOUS, groupMemberships: [{ groupId: 'g', role: 'member', organizationId: ORG }] })).toBe(false);
  });
  it('creating organisations needs an account', () => {
    expect(canCreateOrganization(ANONYMOUS)).toBe(false);
    expect(canCreateOrganization(actors.outsider)).toBe(true);
  });
  it('administration is for platform admins only', () => {
    for (const [name, a] of Object.entries(actors)) expect(canAdministerPlatform(a), name).toBe(name === 'platformAdmin');
  });
  it('invitations are accepted only by the invited address', () => {
    expect(canAcceptInvitation(actors.outsider, { email: 'A@x.se' }, 'a@x.se')).toBe(true);
    expect(canAcceptInvitation(actors.outsider, { email: 'a@x.se' }, 'b@x.se')).toBe(false);
    expect(canAcceptInvitation(ANONYMOUS, { email: 'a@x.se' }, null)).toBe(false);
  });
  it('the development mailbox is closed once SMTP is configured, and admin-only in production', () => {
    expect(canReadDevMailbox(ANONYMOUS, { smtpConfigured: false, production: false })).toBe(true);
    expect(canReadDevMailbox(ANONYMOUS, { smtpConfigured: false, production: true })).toBe(false);
    expect(canReadDevMailbox(actors.platformAdmin, { smtpConfigured: false, production: true })).toBe(true);
    expect(canReadDevMailbox(actors.platformAdmin, { smtpConfigured: true, production: false })).toBe(false);
  });
  it('partner content is for members of verified organisations', () => {
    expect(readerVisibilityKeys(ANONYMOUS)).toEqual(['public']);
    expect(readerVisibilityKeys(actors.outsider)).toEqual(['public', 'signed_in']);
    expect(readerVisibilityKeys(as('member', false))).toEqual(['public', 'signed_in']);
    expect(readerVisibilityKeys(actors.member)).toEqual(['public', 'signed_in', 'partners']);
  });
  it('a listing across groups (browse, the success-factor insight) shows group-only content of the reader’s own groups only', () => {
    expect(readerContentScope(ANONYMOUS)).toEqual({ visibilities: ['public'], groupIds: [] });
    expect(readerContentScope(as('member', false))).toEqual({ visibilities: ['public'], groupIds: [] });
    expect(readerContentScope(actors.member)).toEqual({ visibilities: ['public', 'partners'], groupIds: [] });
    const inGroup = actor([], { groupMemberships: [{ groupId: 'g-1', role: 'member', organizationId: ORG }] });
    expect(readerContentScope(inGroup)).toEqual({ visibilities: ['public'], groupIds: ['g-1'] });
  });
});

describe('an unconfirmed email address (issue 11)', () => {
  // The same people as above, but they have not yet followed their confirmation link.
  const unconfirmed = (a: Actor): Actor => ({ ...a, emailVerified: false });
  const group: GroupResource = { id: 'g', openness: 'open', listed: true, archived: false, leadCount: 1 };
  const content: ContentResource = { organizationId: ORG, organizationVerified: true, state: 'draft', visibility: 'public', groupId: null, hiddenAt: null };

  // Who would be allowed when confirmed: an outsider for joining, an editor of a verified organisation (in no group yet) for the rest.
  const outsider = actor();
  const editor = as('editor');
  it.each([
    ['register an organisation', outsider, (a: Actor) => canCreateOrganization(a)],
    ['ask to join an organisation', outsider, (a: Actor) => organizationPermissions(a, verifiedOrg).requestJoin],
    ['accept an organisation invitation', outsider, (a: Actor) => canAcceptInvitation(a, { email: 'u@x.se' }, 'u@x.se')],
    ['publish for the organisation', editor, (a: Actor) => organizationPermissions(a, verifiedOrg).publish],
    ['publish a piece', editor, (a: Actor) => contentPermissions(a, content).publish],
    ["change a piece's visibility", editor, (a: Actor) => contentPermissions(a, { ...content, state: 'published' }).changeVisibility],
    ['create a group', editor, (a: Actor) => canCreateGroup(a)],
    ['ask to join an open group', editor, (a: Actor) => groupPermissions(a, group).requestJoin],
    ['accept a group invitation', editor, (a: Actor) => groupInvitationBlocker(a, group, { email: 'u@x.se' }, 'u@x.se') === null],
  ])('may %s once confirmed, not before', (_label, subject, may) => {
    expect(may(subject)).toBe(true);
    expect(may(unconfirmed(subject))).toBe(false);
  });

  it('still reads and searches like anyone signed in, and is told why', () => {
    const person = unconfirmed(actor());
    expect(readerVisibilityKeys(person)).toEqual(['public', 'signed_in']);
    expect(groupPermissions(person, group).viewOverview).toBe(true);
    expect(needsEmailConfirmation(person)).toBe(true);
    expect(needsEmailConfirmation(actor())).toBe(false);
    expect(needsEmailConfirmation(ANONYMOUS)).toBe(false);
    expect(groupInvitationBlocker(person, group, { email: 'u@x.se' }, 'u@x.se')).toBe('email-unconfirmed');
  });
});
