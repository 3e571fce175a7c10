/**
 * The hidden state (issue 16) in the policy module: who still sees a hidden
 * write-up or group post, who may report it, and who hides and restores it.
 */
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, canModerateGroup, canReceiveFollowNotice, canReceiveWriteUpDecisionNotice, commentRefusal, contentPermissions, groupPostPermissions, type Actor, type ContentResource } from '#app/policy.ts';

const OWNER = 'org-owner';
const G = 'group-1';
const person = (id: string, over: Partial<Actor> = {}): Actor => ({ userId: id, isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: true, ...over });
const partnerOf = { memberships: [{ organizationId: 'org-p', role: 'member' as const, organizationVerified: true }] };
const actors = {
  anonymous: ANONYMOUS,
  outsider: person('outsider'),
  partner: person('partner', partnerOf),
  editor: person('editor', { memberships: [{ organizationId: OWNER, role: 'editor', organizationVerified: true }] }),
  admin: person('admin', { isPlatformAdmin: true, ...partnerOf }),
  adminInGroup: person('admin-in-group', { isPlatformAdmin: true, ...partnerOf, groupMemberships: [{ groupId: G, role: 'member', organizationId: 'org-p' }] }),
  member: person('member', { ...partnerOf, groupMemberships: [{ groupId: G, role: 'member', organizationId: 'org-p' }] }),
  author: person('author', { ...partnerOf, groupMemberships: [{ groupId: G, role: 'member', organizationId: 'org-p' }] }),
  lead: person('lead', { ...partnerOf, groupMemberships: [{ groupId: G, role: 'lead', organizationId: 'org-p' }] }),
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

const piece = (hidden: boolean, visibility: ContentResource['visibility'] = 'public'): ContentResource => ({
  organizationId: OWNER,
  organizationVerified: true,
  state: 'published',
  visibility,
  groupId: null,
  hiddenAt: hidden ? new Date(0) : null,
});

describe('a hidden write-up', () => {
  const rows: [Who, boolean, { view: boolean; seeHiddenNotice: boolean; report: boolean; hide: boolean; restore: boolean }][] = [
    ['anonymous', false, { view: true, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['outsider', false, { view: true, seeHiddenNotice: false, report: true, hide: false, restore: false }],
    ['editor', false, { view: true, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['admin', false, { view: true, seeHiddenNotice: false, report: true, hide: true, restore: false }],
    ['anonymous', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['outsider', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['partner', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['editor', true, { view: true, seeHiddenNotice: true, report: false, hide: false, restore: false }],
    ['admin', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: true }],
  ];
  it.each(rows)('%s, hidden %s → %j', (who, hidden, expected) => {
    const can = contentPermissions(actors[who], piece(hidden));
    expect({ view: can.view, seeHiddenNotice: can.seeHiddenNotice, report: can.report, hide: can.hide, restore: can.restore }).toEqual(expected);
  });

  it('a platform admin moderates only what they may read', () => {
    expect(contentPermissions(person('lone-admin', { isPlatformAdmin: true }), piece(false, 'partners')).hide).toBe(false);
    expect(contentPermissions(person('lone-admin', { isPlatformAdmin: true }), piece(true, 'partners')).restore).toBe(false);
  });

  it('tells of its hiding only its own editors (a creator who is no longer one is not told); of its restoring, whoever reads it', () => {
    const formerEditor = person('former-editor', { memberships: [{ organizationId: OWNER, role: 'member', organizationVerified: true }] });
    expect(canReceiveWriteUpDecisionNotice(actors.editor, piece(true))).toBe(true);
    expect(canReceiveWriteUpDecisionNotice(formerEditor, piece(true))).toBe(false);
    expect(canReceiveWriteUpDecisionNotice(formerEditor, piece(false))).toBe(true);
    expect(canReceiveWriteUpDecisionNotice(formerEditor, piece(false, 'partners'))).toBe(true);
    expect(canReceiveWriteUpDecisionNotice(person('gone'), piece(false, 'partners'))).toBe(false);
  });

  it('reaches no follower and takes no comments, not even its own editors’', () => {
    for (const who of Object.keys(actors) as Who[]) expect(canReceiveFollowNotice(actors[who], piece(true)), who).toBe(false);
    expect(commentRefusal(actors.partner, piece(true))).toBe('notPublished');
    expect(commentRefusal(actors.editor, piece(true))).toBe('notPublished');
  });
});

describe('a group post', () => {
  const group = { id: G };
  const post = (hidden: boolean) => ({ authorId: 'author', hiddenAt: hidden ? new Date(0) : null });
  const rows: [Who, boolean, { view: boolean; seeHiddenNotice: boolean; report: boolean; hide: boolean; restore: boolean }][] = [
    ['member', false, { view: true, seeHiddenNotice: false, report: true, hide: false, restore: false }],
    ['author', false, { view: true, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['lead', false, { view: true, seeHiddenNotice: false, report: true, hide: true, restore: false }],
    ['adminInGroup', false, { view: true, seeHiddenNotice: false, report: true, hide: true, restore: false }],
    ['admin', false, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['partner', false, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['member', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
    ['author', true, { view: false, seeHiddenNotice: true, report: false, hide: false, restore: false }],
    ['lead', true, { view: false, seeHiddenNotice: true, report: false, hide: false, restore: true }],
    ['admin', true, { view: false, seeHiddenNotice: false, report: false, hide: false, restore: false }],
  ];
  it.each(rows)('%s, hidden %s → %j', (who, hidden, expected) => {
    expect(groupPostPermissions(actors[who], group, post(hidden))).toEqual(expected);
  });

  it('has its queue for the group’s leads only', () => {
    expect(canModerateGroup(actors.lead, group)).toBe(true);
    for (const who of ['member', 'author', 'admin', 'adminInGroup', 'anonymous'] as const) expect(canModerateGroup(actors[who], group), who).toBe(false);
  });
});
