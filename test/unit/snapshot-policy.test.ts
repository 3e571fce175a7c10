import { describe, expect, it } from 'vitest';
import { ANONYMOUS, canAttachSnapshot, canChooseFollowedIndicators, canDetachSnapshot, snapshotPermissions, type Actor, type ContentResource } from '#app/policy.ts';

const OWN = 'org-own';
const OTHER = 'org-other';
const G = 'group-1';
const person = (role: 'member' | 'editor' | 'admin' | null, org = OWN, extra: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}-${org}`,
  isPlatformAdmin: false,
  memberships: role ? [{ organizationId: org, role, organizationVerified: true }] : [],
  groupMemberships: [],
  emailVerified: true,
  ...extra,
});

const actors = {
  anonymous: ANONYMOUS,
  signedIn: person(null),
  partner: person('member', OTHER),
  otherEditor: person('editor', OTHER),
  groupMember: person('member', OTHER, { groupMemberships: [{ groupId: G, role: 'member', organizationId: OTHER }] }),
  ownMember: person('member'),
  ownEditor: person('editor'),
  ownAdmin: person('admin'),
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

const snapshot = (over: Partial<ContentResource> = {}): ContentResource => ({ organizationId: OWN, organizationVerified: true, state: 'published', visibility: 'public', groupId: null, hiddenAt: null, ...over });

describe('who reads a snapshot', () => {
  // [reader, state, visibility, may read]
  it.each([
    ['anonymous', 'draft', 'public', false],
    ['otherEditor', 'draft', 'public', false],
    ['ownMember', 'draft', 'public', false],
    ['ownEditor', 'draft', 'public', true],
    ['anonymous', 'published', 'public', true],
    ['anonymous', 'published', 'partners', false],
    ['signedIn', 'published', 'partners', false],
    ['partner', 'published', 'partners', true],
    ['otherEditor', 'published', 'group', false],
    ['groupMember', 'published', 'group', true],
    ['ownEditor', 'published', 'group', true],
    ['anonymous', 'archived', 'public', true],
  ] as const)('%s, %s snapshot for %s → %s', (who, state, visibility, view) => {
    expect(snapshotPermissions(actors[who as Who], snapshot({ state, visibility, groupId: visibility === 'group' ? G : null })).view).toBe(view);
  });

  it('is edited and published like an initiative, but has no history and no file attachments', () => {
    const can = snapshotPermissions(actors.ownEditor, snapshot({ state: 'draft' }));
    expect(can).toMatchObject({ view: true, edit: true, publish: true, viewHistory: false, attach: false });
    expect(snapshotPermissions(actors.ownEditor, snapshot({ state: 'draft', organizationVerified: false })).publish).toBe(false);
    expect(snapshotPermissions(actors.otherEditor, snapshot()).edit).toBe(false);
  });
});

describe('attaching snapshots and choosing indicators', () => {
  const initiative = (over: Partial<ContentResource> = {}) => snapshot(over);
  // [actor, initiative owner, snapshot, may attach]
  it.each([
    ['ownEditor', OWN, snapshot(), true],
    ['ownAdmin', OWN, snapshot({ state: 'draft' }), true],
    ['ownMember', OWN, snapshot(), false],
    ['otherEditor', OWN, snapshot(), false],
    ['otherEditor', OTHER, snapshot(), true], // another organisation's public snapshot
    ['otherEditor', OTHER, snapshot({ state: 'draft' }), false], // a draft it cannot read
    ['anonymous', OWN, snapshot(), false],
  ] as const)('%s attaching to an initiative of %s', (who, owner, s, allowed) => {
    expect(canAttachSnapshot(actors[who as Who], initiative({ organizationId: owner }), s)).toBe(allowed);
  });

  it('detaching and choosing indicators belong to the initiative’s editors', () => {
    expect(canDetachSnapshot(actors.ownEditor, initiative())).toBe(true);
    expect(canDetachSnapshot(actors.otherEditor, initiative())).toBe(false);
    expect(canChooseFollowedIndicators(actors.ownAdmin, initiative())).toBe(true);
    expect(canChooseFollowedIndicators(actors.ownMember, initiative())).toBe(false);
    expect(canChooseFollowedIndicators(ANONYMOUS, initiative())).toBe(false);
  });
});
