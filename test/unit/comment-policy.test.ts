/**
 * Questions and comments as tables: who may write on an item in each state
 * and visibility, and who may see, edit, delete, hide, restore and report a comment. Expected
 * answers are written out here, independently of app/policy.ts.
 */
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, COMMENT_EDIT_WINDOW_MS, commentPermissions, commentRefusal, type Actor, type ContentResource } from '#app/policy.ts';
import type { ContentState, Visibility } from '#app/vocabulary.ts';

const OWNER = 'org-owner';
const person = (id: string, over: Partial<Actor> = {}): Actor => ({ userId: id, isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: true, ...over });
const verifiedMember = (id: string, over: Partial<Actor> = {}) => person(id, { memberships: [{ organizationId: 'org-p', role: 'member', organizationVerified: true }], ...over });

const item = (state: ContentState = 'published', visibility: Visibility = 'public'): ContentResource => ({ organizationId: OWNER, organizationVerified: true, state, visibility, groupId: null, hiddenAt: null });

describe('commentRefusal', () => {
  it.each([
    ['signed out', ANONYMOUS, item(), 'signedOut'],
    ['address not confirmed', verifiedMember('u', { emailVerified: false }), item(), 'unconfirmed'],
    ['no organisation', person('u'), item(), 'noVerifiedOrganization'],
    ['only an unverified organisation', person('u', { memberships: [{ organizationId: 'org-x', role: 'admin', organizationVerified: false }] }), item(), 'noVerifiedOrganization'],
    ['platform admin without organisation', person('u', { isPlatformAdmin: true }), item(), 'noVerifiedOrganization'],
    ['verified member, published public', verifiedMember('u'), item(), null],
    ['verified member, published for partners', verifiedMember('u'), item('published', 'partners'), null],
    ['verified member, group-only item of another group', verifiedMember('u'), { ...item('published', 'group'), groupId: 'g1' }, 'notPublished'],
    ['verified member, archived', verifiedMember('u'), item('archived'), 'notPublished'],
    ['verified member, draft', verifiedMember('u'), item('draft'), 'notPublished'],
    ['owner editor, draft', person('u', { memberships: [{ organizationId: OWNER, role: 'editor', organizationVerified: true }] }), item('draft'), 'notPublished'],
  ] as const)('%s → %s', (_name, actor, resource, expected) => {
    expect(commentRefusal(actor, resource)).toBe(expected);
  });
});

describe('commentPermissions', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const fresh = { authorId: 'author', createdAt: new Date(now.getTime() - 60_000), hiddenAt: null };
  const old = { ...fresh, createdAt: new Date(now.getTime() - COMMENT_EDIT_WINDOW_MS - 1000) };
  const hidden = { ...fresh, hiddenAt: now };
  const author = verifiedMember('author');
  const ownerEditor = person('editor', { memberships: [{ organizationId: OWNER, role: 'editor', organizationVerified: true }] });
  const ownerMember = person('member', { memberships: [{ organizationId: OWNER, role: 'member', organizationVerified: true }] });
  const admin = person('admin', { isPlatformAdmin: true });
  const lapsedAuthor = person('author', { memberships: [{ organizationId: 'org-p', role: 'member', organizationVerified: false }] });
  const none = { view: false, edit: false, delete: false, hide: false, restore: false, report: false };
  it.each([
    ['anonymous, public item', ANONYMOUS, item(), fresh, { view: true, edit: false, delete: false, hide: false, restore: false, report: false }],
    ['anonymous, partners item', ANONYMOUS, item('published', 'partners'), fresh, none],
    ['author, fresh', author, item(), fresh, { view: true, edit: true, delete: true, hide: false, restore: false, report: false }],
    ['author, after the window', author, item(), old, { view: true, edit: false, delete: true, hide: false, restore: false, report: false }],
    ['author, item archived', author, item('archived'), fresh, { view: true, edit: false, delete: true, hide: false, restore: false, report: false }],
    ['author whose organisation lost verification', lapsedAuthor, item(), fresh, { view: true, edit: false, delete: true, hide: false, restore: false, report: false }],
    ['author, hidden comment', author, item(), hidden, none],
    ['owning organisation editor', ownerEditor, item(), fresh, { view: true, edit: false, delete: false, hide: true, restore: false, report: true }],
    ['owning organisation plain member', ownerMember, item(), fresh, { view: true, edit: false, delete: false, hide: false, restore: false, report: true }],
    ['platform admin', admin, item(), fresh, { view: true, edit: false, delete: false, hide: true, restore: false, report: true }],
    ['editor, hidden comment: may restore it', ownerEditor, item(), hidden, { ...none, restore: true }],
    ['platform admin, hidden comment: may restore it', admin, item(), hidden, { ...none, restore: true }],
    ['platform admin, hidden comment on a partners item they cannot read', admin, item('published', 'partners'), hidden, none],
    ['someone else signed in, public item: may report', verifiedMember('other'), item(), fresh, { view: true, edit: false, delete: false, hide: false, restore: false, report: true }],
  ] as const)('%s', (_name, actor, resource, comment, expected) => {
    expect(commentPermissions(actor, resource, comment, now)).toEqual(expected);
  });
});
