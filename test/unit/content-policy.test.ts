/**
 * Content permissions (initiatives, lessons; snapshots share them) as one
 * actor × state × visibility × action table. The expected answer comes from
 * the rules written out below in plain terms, independently of app/policy.ts,
 * so weakening any rule there (archiving drafts, unpublishing or changing
 * visibility without a verified organisation, …) turns rows red.
 */
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  canChangeMeeting,
  canSeeLinkTo,
  canImportIndicators,
  contentPermissions,
  isMeetingChangeable,
  isPublishingAllowed,
  snapshotPermissions,
  type Actor,
  type ActorMembership,
  type ContentResource,
} from '#app/policy.ts';
import type { ContentState, MemberRole, Visibility } from '#app/vocabulary.ts';

const OWNER = 'org-owner';
const PARTNER_ORG = 'org-partner';
const GROUP = 'group-1';

type OwnerRole = MemberRole | null;
interface Who {
  /** Role in the owning organisation, if any. */
  ownerRole: OwnerRole;
  /** Member of some other verified organisation (a partner reader). */
  partner: boolean;
  inGroup: boolean;
  signedIn: boolean;
  platformAdmin: boolean;
}

const WHO = {
  anonymous: { ownerRole: null, partner: false, inGroup: false, signedIn: false, platformAdmin: false },
  outsider: { ownerRole: null, partner: false, inGroup: false, signedIn: true, platformAdmin: false },
  ownerMember: { ownerRole: 'member', partner: false, inGroup: false, signedIn: true, platformAdmin: false },
  ownerEditor: { ownerRole: 'editor', partner: false, inGroup: false, signedIn: true, platformAdmin: false },
  ownerAdmin: { ownerRole: 'admin', partner: false, inGroup: false, signedIn: true, platformAdmin: false },
  partnerMember: { ownerRole: null, partner: true, inGroup: false, signedIn: true, platformAdmin: false },
  partnerEditor: { ownerRole: null, partner: true, inGroup: false, signedIn: true, platformAdmin: false },
  groupMember: { ownerRole: null, partner: false, inGroup: true, signedIn: true, platformAdmin: false },
  platformAdmin: { ownerRole: null, partner: false, inGroup: false, signedIn: true, platformAdmin: true },
} satisfies Record<string, Who>;
type WhoName = keyof typeof WHO;

function actorFor(name: WhoName, ownerVerified: boolean): Actor {
  const who: Who = WHO[name];
  if (!who.signedIn) return ANONYMOUS;
  const memberships: ActorMembership[] = [];
  if (who.ownerRole) memberships.push({ organizationId: OWNER, role: who.ownerRole, organizationVerified: ownerVerified });
  if (who.partner) memberships.push({ organizationId: PARTNER_ORG, role: name === 'partnerEditor' ? 'editor' : 'member', organizationVerified: true });
  // A group member represents an unverified organisation: only the group makes them a reader.
  if (who.inGroup) memberships.push({ organizationId: 'org-unverified', role: 'admin', organizationVerified: false });
  return {
    userId: `user-${name}`,
    isPlatformAdmin: who.platformAdmin,
    memberships,
    groupMemberships: who.inGroup ? [{ groupId: GROUP, role: 'member', organizationId: 'org-unverified' }] : [],
    emailVerified: true,
  };
}

const ACTIONS = ['view', 'edit', 'viewHistory', 'publish', 'changeVisibility', 'unpublish', 'archive', 'attach'] as const;
type Action = (typeof ACTIONS)[number];
const STATES: ContentState[] = ['draft', 'published', 'archived'];
const VISIBILITIES: Visibility[] = ['public', 'partners', 'group'];

/** The rules, written out: what the product promises. */
function expected(name: WhoName, ownerVerified: boolean, state: ContentState, visibility: Visibility, action: Action): boolean {
  const who: Who = WHO[name];
  const editor = who.ownerRole === 'editor' || who.ownerRole === 'admin';
  // Partners: members of a verified organisation (the owner's own members count when it is verified).
  const partnerReader = who.partner || (who.ownerRole !== null && ownerVerified);
  const reader = visibility === 'public' || (visibility === 'partners' && partnerReader) || (visibility === 'group' && who.inGroup);
  switch (action) {
    case 'view':
      // Drafts are for the owning organisation's editors; published and archived pieces follow their visibility.
      return editor || (state !== 'draft' && reader);
    case 'edit':
    case 'viewHistory':
    case 'attach':
      return editor;
    case 'publish':
      return editor && ownerVerified && state !== 'published';
    case 'changeVisibility':
    case 'unpublish':
      return editor && ownerVerified && state === 'published';
    case 'archive':
      // Never a draft: archived content is readable, so that would publish it.
      return editor && state === 'published';
  }
}

const rows: [WhoName, boolean, ContentState, Visibility, Action, boolean][] = [];
for (const name of Object.keys(WHO) as WhoName[])
  for (const ownerVerified of [true, false])
    for (const state of STATES)
      for (const visibility of VISIBILITIES)
        for (const action of ACTIONS) rows.push([name, ownerVerified, state, visibility, action, expected(name, ownerVerified, state, visibility, action)]);

const content = (ownerVerified: boolean, state: ContentState, visibility: Visibility): ContentResource => ({
  organizationId: OWNER,
  organizationVerified: ownerVerified,
  state,
  visibility,
  groupId: visibility === 'group' ? GROUP : null,
  hiddenAt: null,
});

describe('content permissions: actor × owner verified × state × visibility × action', () => {
  it.each(rows)('%s, verified owner %s, %s, %s: %s = %s', (name, ownerVerified, state, visibility, action, answer) => {
    expect(contentPermissions(actorFor(name, ownerVerified), content(ownerVerified, state, visibility))[action]).toBe(answer);
  });
});

describe('links to a piece (inspired by, similar, lessons) show exactly what the reader may open', () => {
  const cases: [WhoName, boolean, ContentState, Visibility, boolean][] = [];
  for (const name of Object.keys(WHO) as WhoName[])
    for (const state of STATES) for (const visibility of VISIBILITIES) for (const hidden of [false, true]) cases.push([name, true, state, visibility, hidden]);
  it.each(cases)('%s, verified owner %s, %s, %s, hidden %s', (name, ownerVerified, state, visibility, hidden) => {
    const piece = { ...content(ownerVerified, state, visibility), hiddenAt: hidden ? new Date() : null };
    const actor = actorFor(name, ownerVerified);
    expect(canSeeLinkTo(actor, piece)).toBe(contentPermissions(actor, piece).view);
  });
});

describe('content permissions: the cases that matter most, spelled out', () => {
  const can = (name: WhoName, ownerVerified: boolean, state: ContentState, visibility: Visibility = 'public') =>
    contentPermissions(actorFor(name, ownerVerified), content(ownerVerified, state, visibility));

  it('nobody archives a draft, so a draft of an unverified organisation never becomes readable', () => {
    for (const name of Object.keys(WHO) as WhoName[]) for (const verified of [true, false]) expect(can(name, verified, 'draft').archive, name).toBe(false);
    expect(can('anonymous', false, 'draft').view).toBe(false);
  });
  it('an editor of an unverified organisation neither publishes, unpublishes nor changes visibility', () => {
    expect(can('ownerEditor', false, 'draft')).toMatchObject({ edit: true, publish: false });
    expect(can('ownerEditor', false, 'published')).toMatchObject({ unpublish: false, changeVisibility: false, archive: true });
    expect(can('ownerEditor', true, 'published')).toMatchObject({ unpublish: true, changeVisibility: true, archive: true });
  });
  it('platform admins get no exception for content: drafts stay with the organisation', () => {
    expect(can('platformAdmin', true, 'draft')).toMatchObject({ view: false, edit: false, publish: false });
  });
  it('group content is read by the group only, archived or not', () => {
    expect(can('groupMember', true, 'archived', 'group').view).toBe(true);
    expect(can('partnerMember', true, 'archived', 'group').view).toBe(false);
    // Group visibility without a group is readable by nobody but the editors.
    expect(contentPermissions(actorFor('groupMember', true), { ...content(true, 'published', 'group'), groupId: null }).view).toBe(false);
  });
  it('snapshots follow the same rules, without history or attachments', () => {
    const snapshot = snapshotPermissions(actorFor('ownerEditor', true), content(true, 'draft', 'public'));
    expect(snapshot).toMatchObject({ edit: true, publish: true, archive: false, viewHistory: false, attach: false });
  });
});

describe('publishing changes', () => {
  const editorCan = (verified: boolean, state: ContentState) => contentPermissions(actorFor('ownerEditor', verified), content(verified, state, 'public'));
  it.each([
    ['publish a draft (verified)', true, 'draft', 'published', true],
    ['publish a draft (unverified)', false, 'draft', 'published', false],
    ['change the visibility of a published piece (verified)', true, 'published', 'published', true],
    ['change the visibility of a published piece (unverified)', false, 'published', 'published', false],
    ['republish an archived piece (verified)', true, 'archived', 'published', true],
    ['unpublish (verified)', true, 'published', 'draft', true],
    ['unpublish (unverified)', false, 'published', 'draft', false],
    ['unpublish a draft', true, 'draft', 'draft', false],
    ['archive a published piece', true, 'published', 'archived', true],
    ['archive a draft', true, 'draft', 'archived', false],
    ['archive a draft (unverified)', false, 'draft', 'archived', false],
    ['archive an archived piece', true, 'archived', 'archived', false],
  ] as const)('%s → %s', (_label, verified, state, to, allowed) => {
    expect(isPublishingAllowed(editorCan(verified, state), { to })).toBe(allowed);
  });
});

describe('importing statistics', () => {
  const with_ = (role: MemberRole, verified: boolean): Actor => ({
    userId: 'u',
    isPlatformAdmin: false,
    memberships: [{ organizationId: OWNER, role, organizationVerified: verified }],
    groupMemberships: [],
    emailVerified: true,
  });
  it.each([
    ['anonymous', ANONYMOUS, false],
    ['signed-in outsider', actorFor('outsider', true), false],
    ['platform admin', actorFor('platformAdmin', true), true],
    ['member of a verified organisation', with_('member', true), false],
    ['editor of a verified organisation', with_('editor', true), true],
    ['admin of a verified organisation', with_('admin', true), true],
    ['editor of an unverified organisation', with_('editor', false), false],
    ['admin of an unverified organisation', with_('admin', false), false],
  ] as const)('%s → %s', (_label, who, allowed) => {
    expect(canImportIndicators(who)).toBe(allowed);
  });
});

describe('meetings', () => {
  it('a cancelled meeting cannot be changed, not even by a lead', () => {
    expect(isMeetingChangeable({ cancelledAt: null })).toBe(true);
    expect(isMeetingChangeable({ cancelledAt: new Date() })).toBe(false);
    expect(canChangeMeeting({ scheduleMeetings: true }, { cancelledAt: null })).toBe(true);
    expect(canChangeMeeting({ scheduleMeetings: true }, { cancelledAt: new Date() })).toBe(false);
    expect(canChangeMeeting({ scheduleMeetings: false }, { cancelledAt: null })).toBe(false);
  });
});
