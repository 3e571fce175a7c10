import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  canRepresentOrganization,
  groupInvitationBlocker,
  canChangeGroupRole,
  canCreateGroup,
  canEditGroupPost,
  canPublishToGroup,
  canRemoveLibraryItem,
  canReadVisibility,
  canReceiveGroupNotice,
  canUpdateActionItem,
  contentPermissions,
  groupPermissions,
  groupPublishingRefusal,
  publishableVisibilities,
  readerVisibilityKeys,
  type Actor,
  type GroupResource,
} from '#app/policy.ts';

const G = 'group-1';
const ORG = 'org-1';
const person = (groupRole?: 'lead' | 'member', extra: Partial<Actor> = {}): Actor => ({
  userId: `u-${groupRole ?? 'none'}`,
  isPlatformAdmin: false,
  memberships: [{ organizationId: ORG, role: 'member', organizationVerified: true }],
  groupMemberships: groupRole ? [{ groupId: G, role: groupRole, organizationId: ORG }] : [],
  emailVerified: true,
  ...extra,
});

const actors = {
  anonymous: ANONYMOUS,
  noOrganisation: { ...person(), memberships: [] },
  outsider: person(),
  member: person('member'),
  lead: person('lead'),
  platformAdmin: person(undefined, { isPlatformAdmin: true }),
} satisfies Record<string, Actor>;

const group = (over: Partial<GroupResource> = {}): GroupResource => ({ id: G, openness: 'closed', listed: false, archived: false, leadCount: 2, ...over });

describe('who sees what of a group', () => {
  // [reader, openness, listed, seeName, viewOverview, viewContent, requestJoin]
  it.each([
    ['anonymous', 'open', false, true, false, false, false],
    ['noOrganisation', 'open', false, true, true, false, false],
    ['outsider', 'open', false, true, true, false, true],
    ['member', 'open', false, true, true, true, false],
    ['anonymous', 'closed', false, false, false, false, false],
    ['outsider', 'closed', false, false, false, false, false],
    ['outsider', 'closed', true, true, false, false, false],
    ['platformAdmin', 'closed', false, false, false, false, false],
    ['member', 'closed', false, true, true, true, false],
    ['lead', 'closed', false, true, true, true, false],
  ] as const)('%s in a %s group (listed: %s)', (who, openness, listed, seeName, viewOverview, viewContent, requestJoin) => {
    const can = groupPermissions(actors[who], group({ openness, listed }));
    expect({ seeName: can.seeName, viewOverview: can.viewOverview, viewContent: can.viewContent, requestJoin: can.requestJoin }).toEqual({
      seeName,
      viewOverview,
      viewContent,
      requestJoin,
    });
  });

  it('members write, leads manage, and an archived group is read-only for everyone', () => {
    const member = groupPermissions(actors.member, group());
    expect([member.post, member.createActionItems, member.manage, member.invite, member.scheduleMeetings]).toEqual([true, true, false, false, false]);
    const lead = groupPermissions(actors.lead, group());
    expect([lead.post, lead.manage, lead.invite, lead.approveRequests, lead.scheduleMeetings, lead.recordDecisions, lead.archive]).toEqual([true, true, true, true, true, true, true]);
    const archived = groupPermissions(actors.lead, group({ archived: true }));
    expect(archived.viewContent).toBe(true);
    expect(Object.entries(archived).filter(([k, v]) => v === true && !['isMember', 'isLead', 'seeName', 'viewOverview', 'viewContent', 'leave'].includes(k))).toEqual([]);
  });

  it('the last lead cannot leave or step down; another lead can', () => {
    expect(groupPermissions(actors.lead, group({ leadCount: 1 })).leave).toBe(false);
    expect(groupPermissions(actors.lead, group({ leadCount: 2 })).leave).toBe(true);
    expect(canChangeGroupRole(actors.lead, group({ leadCount: 1 }), { role: 'lead' }, 'member')).toBe(false);
    expect(canChangeGroupRole(actors.lead, group({ leadCount: 1 }), { role: 'lead' }, 'removed')).toBe(false);
    expect(canChangeGroupRole(actors.lead, group({ leadCount: 2 }), { role: 'lead' }, 'member')).toBe(true);
    expect(canChangeGroupRole(actors.lead, group(), { role: 'member' }, 'removed')).toBe(true);
    expect(canChangeGroupRole(actors.member, group(), { role: 'member' }, 'removed')).toBe(false);
    expect(canChangeGroupRole(actors.lead, group({ archived: true }), { role: 'member' }, 'removed')).toBe(false);
  });

  it('creating a group needs an organisation to represent', () => {
    expect(canCreateGroup(ANONYMOUS)).toBe(false);
    expect(canCreateGroup(actors.noOrganisation)).toBe(false);
    expect(canCreateGroup(actors.outsider)).toBe(true);
  });
});

describe('action items', () => {
  it('are updated by a lead, their owner, or someone representing the owning organisation', () => {
    const g = group();
    expect(canUpdateActionItem(actors.lead, g, { ownerUserId: 'someone', ownerOrganizationId: null })).toBe(true);
    expect(canUpdateActionItem(actors.member, g, { ownerUserId: actors.member.userId, ownerOrganizationId: null })).toBe(true);
    expect(canUpdateActionItem(actors.member, g, { ownerUserId: null, ownerOrganizationId: ORG })).toBe(true);
    expect(canUpdateActionItem(actors.member, g, { ownerUserId: 'someone', ownerOrganizationId: 'org-2' })).toBe(false);
    expect(canUpdateActionItem(actors.outsider, g, { ownerUserId: actors.outsider.userId, ownerOrganizationId: null })).toBe(false);
    expect(canUpdateActionItem(actors.lead, group({ archived: true }), { ownerUserId: null, ownerOrganizationId: null })).toBe(false);
  });
});

describe('group content across every door', () => {
  it('readers get a group key only for groups they belong to', () => {
    expect(readerVisibilityKeys(actors.member)).toContain(`group:${G}`);
    expect(readerVisibilityKeys(actors.outsider).some((k) => k.startsWith('group:'))).toBe(false);
    expect(readerVisibilityKeys(actors.platformAdmin).some((k) => k.startsWith('group:'))).toBe(false);
  });
  it('group visibility needs membership of that very group', () => {
    expect(canReadVisibility(actors.member, 'group', G)).toBe(true);
    expect(canReadVisibility(actors.member, 'group', 'group-2')).toBe(false);
    expect(canReadVisibility(actors.member, 'group', null)).toBe(false);
    expect(canReadVisibility(actors.outsider, 'group', G)).toBe(false);
    const piece = { organizationId: 'org-9', organizationVerified: true, state: 'published', visibility: 'group', groupId: G, hiddenAt: null } as const;
    expect(contentPermissions(actors.member, piece).view).toBe(true);
    expect(contentPermissions(actors.outsider, piece).view).toBe(false);
    expect(contentPermissions(actors.platformAdmin, piece).view).toBe(false);
  });
  it('notifications of a group reach current members only', () => {
    expect(canReceiveGroupNotice(actors.member, G)).toBe(true);
    expect(canReceiveGroupNotice(actors.outsider, G)).toBe(false);
    expect(canReceiveGroupNotice(actors.outsider, null)).toBe(true);
  });
});

describe('publishing for one group', () => {
  it('offers "group" only to someone who belongs to a group', () => {
    expect(publishableVisibilities(actors.outsider)).toEqual(['public', 'partners']);
    expect(publishableVisibilities(actors.member)).toEqual(['public', 'partners', 'group']);
  });
  // [who, group, archived, refusal]
  it.each([
    ['member', G, false, null],
    ['lead', G, false, null],
    ['member', 'group-2', false, 'notMember'],
    ['outsider', G, false, 'notMember'],
    ['platformAdmin', G, false, 'notMember'],
    ['member', G, true, 'archived'],
    ['outsider', G, true, 'notMember'],
  ] as const)('%s publishing for %s (archived: %s) → %s', (who, groupId, archived, refusal) => {
    expect(groupPublishingRefusal(actors[who], groupId, { archived })).toBe(refusal);
    expect(canPublishToGroup(actors[who], groupId, { archived })).toBe(refusal === null);
  });
});

describe('threads and the library', () => {
  const own = { authorId: 'u-member', hiddenAt: null };
  it.each([
    ['member', own, false, true],
    ['member', { authorId: 'someone', hiddenAt: null }, false, false],
    ['member', { authorId: null, hiddenAt: null }, false, false],
    ['lead', own, false, false],
    ['member', own, true, false],
    ['member', { ...own, hiddenAt: new Date(0) }, false, false],
    ['outsider', { authorId: 'u-none', hiddenAt: null }, false, false],
  ] as const)('%s edits a post by %j (archived: %s) → %s', (who, post, archived, allowed) => {
    expect(canEditGroupPost(actors[who], group({ archived }), post)).toBe(allowed);
  });
  it.each([
    ['member', 'u-member', false, true],
    ['member', 'someone', false, false],
    ['member', null, false, false],
    ['lead', 'someone', false, true],
    ['lead', null, false, true],
    ['lead', 'someone', true, false],
    ['outsider', 'u-none', false, false],
  ] as const)('%s removes a library entry added by %s (archived: %s) → %s', (who, addedBy, archived, allowed) => {
    expect(canRemoveLibraryItem(actors[who], group({ archived }), { addedBy })).toBe(allowed);
  });
});

describe('representing an organisation and accepting a group invitation', () => {
  it('a person represents only an organisation they belong to', () => {
    expect(canRepresentOrganization(actors.outsider, ORG)).toBe(true);
    expect(canRepresentOrganization(actors.outsider, 'org-2')).toBe(false);
    expect(canRepresentOrganization(ANONYMOUS, ORG)).toBe(false);
  });

  // [reader, email signed in with, group, expected blocker]
  it.each([
    ['anonymous', null, {}, 'signed-out'],
    ['anonymous', null, { archived: true }, 'archived'],
    ['outsider', 'other@x.se', {}, 'wrong-account'],
    ['outsider', 'INVITED@X.SE', {}, null],
    ['outsider', 'invited@x.se', { archived: true }, 'archived'],
    ['member', 'invited@x.se', {}, 'already-member'],
    ['noOrganisation', 'invited@x.se', {}, 'no-organization'],
    ['platformAdmin', 'other@x.se', {}, 'wrong-account'],
  ] as const)('%s signed in as %s (group %o) → %s', (who, email, over, blocker) => {
    expect(groupInvitationBlocker(actors[who], group(over), { email: 'invited@x.se' }, email)).toBe(blocker);
  });
});
