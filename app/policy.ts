/**
 * Every access rule in Samverka, as pure functions with no I/O: loaders,
 * actions, search filters, feeds and exports all ask here, so one rule answers
 * every door. Loaders pass the resulting `can` flags to the UI, which only reads them.
 */
import { visibilityKey, type ContentState, type GroupOpenness, type GroupRole, type MemberRole, type Visibility } from '#app/vocabulary.ts';

export interface ActorMembership {
  organizationId: string;
  role: MemberRole;
  organizationVerified: boolean;
}

export interface ActorGroupMembership {
  groupId: string;
  role: GroupRole;
  /** The organisation this person represents in the group. */
  organizationId: string;
}

export interface Actor {
  userId: string | null;
  isPlatformAdmin: boolean;
  memberships: ActorMembership[];
  groupMemberships: ActorGroupMembership[];
  /**
   * Whether the person has confirmed their email address. Until then they
   * read and search like anyone signed in, but take part in nothing: no
   * organisation, invitation, group or publishing (see `canTakePart`).
   */
  emailVerified: boolean;
  /**
   * A platform admin whose sign-in falls short of ADMIN_MIN_ACR: `isPlatformAdmin` is then false (every admin
   * door says no), and this says why, so the admin pages can explain how to sign in at the right level.
   */
  adminAssuranceShort?: boolean;
}

export const ANONYMOUS: Actor = { userId: null, isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: false };

/**
 * Whether a session's assurance meets the platform's minimum for admins (ADMIN_MIN_ACR: the accepted `acr`
 * values, minimum first). No minimum: every session does. A password sign-in or an API token carries no `acr`.
 */
export function meetsAdminAssurance(sessionAcr: string | null, accepted: readonly string[]): boolean {
  return accepted.length === 0 || (sessionAcr !== null && accepted.includes(sessionAcr));
}

/**
 * The platform admin powers a session actually carries: the account's flag, and only at the required assurance.
 * Every rule below reads `actor.isPlatformAdmin`, so this one place answers every admin door (pages, actions,
 * search, feeds, exports, the API, mail).
 */
export function platformAdminPowers(user: { isPlatformAdmin: boolean }, sessionAcr: string | null, accepted: readonly string[]) {
  const met = meetsAdminAssurance(sessionAcr, accepted);
  return { isPlatformAdmin: user.isPlatformAdmin && met, adminAssuranceShort: user.isPlatformAdmin && !met };
}

export interface OrganizationResource {
  id: string;
  verified: boolean;
  /** How many admins the organisation has: the last one may not leave or be demoted. */
  adminCount: number;
}

const membershipIn = (actor: Actor, organizationId: string) =>
  actor.memberships.find((m) => m.organizationId === organizationId);

/**
 * Whether a page rendered for this reader may be kept and served to every other anonymous reader (the page cache,
 * app/server/page-cache.server.ts; issue 15). Only a render for the anonymous reader: it shows public content only
 * and names no one. Anyone signed in (or calling with a token) sees their own name, links and what their
 * organisations and groups may read, so their pages are rendered for them alone.
 */
export function mayShareRenderedPage(actor: Actor): boolean {
  return actor.userId === null && !actor.isPlatformAdmin && actor.memberships.length === 0 && actor.groupMemberships.length === 0;
}

export const isSignedIn = (actor: Actor): actor is Actor & { userId: string } => actor.userId !== null;

/**
 * Signed in with a confirmed address: what joining, registering, accepting,
 * publishing and creating all need, so that an address nobody answers for
 * cannot act on the platform. Reading and searching need only `isSignedIn`.
 */
export const canTakePart = (actor: Actor): actor is Actor & { userId: string } => isSignedIn(actor) && actor.emailVerified;

/** Signed in but not yet confirmed: pages show the "confirm your address" notice instead of the action. */
export const needsEmailConfirmation = (actor: Actor): boolean => isSignedIn(actor) && !actor.emailVerified;

export function canCreateOrganization(actor: Actor): boolean {
  return canTakePart(actor);
}

export function organizationPermissions(actor: Actor, org: OrganizationResource) {
  const membership = membershipIn(actor, org.id);
  const isAdmin = membership?.role === 'admin';
  const isLastAdmin = isAdmin && org.adminCount <= 1;
  return {
    /** Organisation profiles are public: they say who stands behind published work. */
    view: true,
    edit: isAdmin || actor.isPlatformAdmin,
    manageMembers: isAdmin,
    requestJoin: canTakePart(actor) && !membership,
    leave: Boolean(membership) && !isLastAdmin,
    isLastAdmin,
    verify: actor.isPlatformAdmin && !org.verified,
    unverify: actor.isPlatformAdmin && org.verified,
    /** Only editors and admins of a verified organisation publish on its behalf. */
    publish: org.verified && actor.emailVerified && (membership?.role === 'editor' || isAdmin),
  };
}
export type OrganizationPermissions = ReturnType<typeof organizationPermissions>;

/** Changing a member's role or removing them: admins only, and never leaving the organisation without an admin. */
export function canChangeMemberRole(
  actor: Actor,
  org: OrganizationResource,
  target: { role: MemberRole },
  newRole: MemberRole | 'removed',
): boolean {
  if (membershipIn(actor, org.id)?.role !== 'admin') return false;
  const demotesLastAdmin = target.role === 'admin' && newRole !== 'admin' && org.adminCount <= 1;
  return !demotesLastAdmin;
}

export function canAcceptInvitation(actor: Actor, invitation: { email: string }, actorEmail: string | null): boolean {
  return canTakePart(actor) && actorEmail !== null && actorEmail.toLowerCase() === invitation.email.toLowerCase();
}

export function canAdministerPlatform(actor: Actor): boolean {
  return actor.isPlatformAdmin;
}

// Email domains an organisation claims (issue 17)

/** An organisation's admins claim email domains for it (a platform admin then approves or rejects). */
export function canClaimDomain(actor: Actor, org: { id: string }): boolean {
  return canTakePart(actor) && membershipIn(actor, org.id)?.role === 'admin';
}

/** Approving or rejecting a pending domain claim: platform admins only. */
export function canDecideDomainClaim(actor: Actor, claim: { status: 'pending' | 'approved' | 'rejected' }): boolean {
  return actor.isPlatformAdmin && claim.status === 'pending';
}

/** The part of an address after the last `@`, lower-cased. */
export const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Joining an organisation in one click, as member, with no join request: for a person with a confirmed address on
 * a domain the organisation holds (an approved claim; the address was confirmed by mail or vouched for by the
 * provider that created the account), or with a sign-in linked through a provider configured with this
 * organisation (`organizationSlug`). Says which, or null. Never for a member already.
 */
export function directJoinRoute(
  actor: Actor,
  org: { id: string; approvedDomains: readonly string[]; providerIds: readonly string[] },
  person: { email: string; identityProviderIds: readonly string[] },
): { via: 'domain'; domain: string } | { via: 'provider'; providerId: string } | null {
  if (!canTakePart(actor) || membershipIn(actor, org.id)) return null;
  const domain = emailDomain(person.email);
  if (org.approvedDomains.includes(domain)) return { via: 'domain', domain };
  const providerId = person.identityProviderIds.find((id) => org.providerIds.includes(id));
  return providerId ? { via: 'provider', providerId } : null;
}

// Personal data (GDPR)

/** A data export holds everything about one person: only that person, signed in, downloads it. */
export function canDownloadAccountExport(actor: Actor, accountExport: { userId: string }): boolean {
  return isSignedIn(actor) && actor.userId === accountExport.userId;
}

/** People delete their own account; platform admins delete someone else's (audited). */
export function canDeleteAccount(actor: Actor, target: { userId: string }): boolean {
  return isSignedIn(actor) && (actor.userId === target.userId || actor.isPlatformAdmin);
}

export type AccountDeletionBlocker = { kind: 'lastAdmin'; name: string } | { kind: 'lastLead'; name: string };

/**
 * What must be handed over before an account can go: no organisation may be
 * left without an admin and no active group without a lead (the same rule as
 * leaving). Archived groups are read-only and need no lead, so they never block.
 */
export function accountDeletionBlockers(
  organizations: { name: string; role: MemberRole; adminCount: number }[],
  groups: { name: string; role: GroupRole; leadCount: number; archived: boolean }[],
): AccountDeletionBlocker[] {
  return [
    ...organizations.filter((o) => o.role === 'admin' && o.adminCount <= 1).map((o) => ({ kind: 'lastAdmin' as const, name: o.name })),
    ...groups.filter((g) => !g.archived && g.role === 'lead' && g.leadCount <= 1).map((g) => ({ kind: 'lastLead' as const, name: g.name })),
  ];
}

/**
 * The development mailbox holds reset links, so it is open to everyone only on
 * a developer's machine; in production without SMTP only platform admins read it.
 */
export function canReadDevMailbox(actor: Actor, env: { smtpConfigured: boolean; production: boolean }): boolean {
  if (env.smtpConfigured) return false;
  return !env.production || actor.isPlatformAdmin;
}

/**
 * The visibility keys a reader may see: "public" for everyone, "signed_in"
 * for anyone signed in (open groups' overviews), "partners" for members of a
 * verified organisation, and "group:<id>" for each working group they belong
 * to. Content and search documents carry one key; search filters use this list.
 */
export function readerVisibilityKeys(actor: Actor): string[] {
  const keys = ['public'];
  if (isSignedIn(actor)) keys.push('signed_in');
  if (actor.memberships.some((m) => m.organizationVerified)) keys.push('partners');
  for (const g of actor.groupMemberships) keys.push(visibilityKey('group', g.groupId));
  return keys;
}

export interface ContentResource {
  organizationId: string;
  organizationVerified: boolean;
  state: ContentState;
  visibility: Visibility;
  groupId: string | null;
  /** Hidden by a moderator (issue 16): then shown to its own editors only, with the reason. */
  hiddenAt: Date | null;
}

/** Editors and admins of the owning organisation write, publish and see drafts and history. */
const isContentEditor = (actor: Actor, content: { organizationId: string }) => {
  const role = membershipIn(actor, content.organizationId)?.role;
  return role === 'editor' || role === 'admin';
};

/**
 * Whether the reader may see a published (or archived) piece with this
 * visibility. The same answer filters pages, listings, feeds, exports and search.
 * Group content needs its group: without one (a listing across groups) the answer is no.
 */
export function canReadVisibility(actor: Actor, visibility: Visibility, groupId: string | null = null): boolean {
  if (visibility === 'group' && groupId === null) return false;
  return readerVisibilityKeys(actor).includes(visibilityKey(visibility, groupId));
}

/**
 * What a listing across groups may show this reader: the visibilities they may
 * read, and the working groups whose group-only content they may read. Browse
 * and the success-factor insight filter with it, so their counts agree.
 */
export function readerContentScope(actor: Actor): { visibilities: Visibility[]; groupIds: string[] } {
  return {
    visibilities: (['public', 'partners'] as const).filter((v) => canReadVisibility(actor, v)),
    groupIds: actor.groupMemberships.map((g) => g.groupId).filter((id) => canReadVisibility(actor, 'group', id)),
  };
}

/**
 * Whether a piece is hidden by a moderator: then it reaches nobody but its own
 * editors (who see why) through any door — pages, lists, search, feeds,
 * exports, the API, similar and inspired-by lists, follow notices. SQL doors
 * say the same with `hidden_at is null` (`readableContent` in db/queries/initiatives.server.ts).
 */
export const isHidden = (thing: { hiddenAt: Date | string | null }): boolean => thing.hiddenAt !== null;

/** Initiatives and lessons share one rule set. */
export function contentPermissions(actor: Actor, content: ContentResource) {
  const editor = isContentEditor(actor, content);
  // Who could read it were it not hidden: the moderators' own reading right.
  const readableUnhidden = content.state !== 'draft' && canReadVisibility(actor, content.visibility, content.groupId);
  const readable = readableUnhidden && !isHidden(content);
  return {
    view: editor || readable,
    /** A hidden piece's editors still open it, and see the moderators' reason in place of the piece's reach. */
    seeHiddenNotice: editor && isHidden(content),
    /** Anyone signed in who reads a published piece may report it, except its own editors. */
    report: readable && content.state === 'published' && isSignedIn(actor) && !editor,
    /** Platform admins hide a published piece they may read (with a reason), and bring a hidden one back. */
    hide: actor.isPlatformAdmin && readable,
    restore: actor.isPlatformAdmin && readableUnhidden && isHidden(content),
    edit: editor,
    viewHistory: editor,
    /** Publishing needs a verified organisation; a draft or an archived piece can be (re)published. */
    publish: editor && actor.emailVerified && content.organizationVerified && content.state !== 'published',
    /** Changing who reads a published piece speaks for the organisation, as publishing does. */
    changeVisibility: editor && actor.emailVerified && content.organizationVerified && content.state === 'published',
    unpublish: editor && content.organizationVerified && content.state === 'published',
    /**
     * Only published pieces are archived: archived content stays readable, so
     * archiving a draft would publish it past the verified-organisation rule.
     */
    archive: editor && content.state === 'published',
    attach: editor,
  };
}
export type ContentPermissions = ReturnType<typeof contentPermissions>;

/**
 * Whether a link to a piece (inspired by, inspired, similar, its lessons, a lesson's initiative) may be
 * shown: exactly when the reader may open it (`contentPermissions(...).view`), so a link never reveals a
 * draft, a hidden piece or a partner-only title. Needs only the columns a link row carries.
 */
export function canSeeLinkTo(
  actor: Actor,
  piece: { state: ContentState; visibility: Visibility; groupId: string | null; organizationId: string; hiddenAt: Date | string | null },
): boolean {
  return isContentEditor(actor, piece) || (piece.state !== 'draft' && !isHidden(piece) && canReadVisibility(actor, piece.visibility, piece.groupId));
}

/**
 * Whether a publishing change (to published, draft or archived) is allowed:
 * publishing a draft or archived piece needs `publish`; republishing a
 * published piece with another visibility needs `changeVisibility`.
 */
export function isPublishingAllowed(can: ContentPermissions, change: { to: ContentState }): boolean {
  // `changeVisibility` is only ever true for a published piece.
  if (change.to === 'published') return can.publish || can.changeVisibility;
  return change.to === 'draft' ? can.unpublish : can.archive;
}

/** Organisations whose drafts this actor may write and list. */
export function editableOrganizationIds(actor: Actor): string[] {
  return actor.memberships.filter((m) => m.role === 'editor' || m.role === 'admin').map((m) => m.organizationId);
}

/**
 * "Skriv en lärdom" from an initiative's page: an editor of the initiative's organisation, since a lesson
 * links only to initiatives of the organisation that owns the lesson (the lesson form checks the same).
 */
export function canWriteLessonFor(actor: Actor, initiative: { organizationId: string }): boolean {
  return editableOrganizationIds(actor).includes(initiative.organizationId);
}

/** Visibilities offered when publishing: "group" only to someone who belongs to a working group. */
export function publishableVisibilities(actor: Actor): Visibility[] {
  return actor.groupMemberships.length > 0 ? ['public', 'partners', 'group'] : ['public', 'partners'];
}

/**
 * Why publishing "for this group only" is refused, or null when it is allowed:
 * the publisher must be a member of that group, and the group must be active.
 */
export function groupPublishingRefusal(actor: Actor, groupId: string, group: { archived: boolean }): 'notMember' | 'archived' | null {
  if (!actor.groupMemberships.some((g) => g.groupId === groupId)) return 'notMember';
  return group.archived ? 'archived' : null;
}

/** Publishing "for this group only" needs the publisher to be a member of that group. */
export function canPublishToGroup(actor: Actor, groupId: string, group: { archived: boolean }): boolean {
  return groupPublishingRefusal(actor, groupId, group) === null;
}

/** Statistics come from partners with a verified organisation (editors or admins), or platform admins. */
export function canImportIndicators(actor: Actor): boolean {
  return actor.isPlatformAdmin || actor.memberships.some((m) => m.organizationVerified && (m.role === 'editor' || m.role === 'admin'));
}

/**
 * Indicator snapshots are read, edited and published by the same rules as
 * initiatives and lessons. They keep no revision history (their values never
 * change) and take no file attachments.
 */
export function snapshotPermissions(actor: Actor, snapshot: ContentResource) {
  return { ...contentPermissions(actor, snapshot), viewHistory: false, attach: false };
}
export type SnapshotPermissions = ReturnType<typeof snapshotPermissions>;

/**
 * Attaching a snapshot to an initiative (as baseline or follow-up): an editor
 * of the initiative's organisation, who may read the snapshot. Readers of the
 * initiative still see the snapshot only when they may read it themselves.
 */
export function canAttachSnapshot(actor: Actor, initiative: ContentResource, snapshot: ContentResource): boolean {
  return contentPermissions(actor, initiative).edit && contentPermissions(actor, snapshot).view;
}

/** Detaching needs only the initiative: its editors may remove a link to a snapshot they can no longer read. */
export function canDetachSnapshot(actor: Actor, initiative: ContentResource): boolean {
  return contentPermissions(actor, initiative).edit;
}

/** Which indicators an initiative follows is part of the initiative: its editors choose. */
export function canChooseFollowedIndicators(actor: Actor, initiative: ContentResource): boolean {
  return contentPermissions(actor, initiative).edit;
}

// ---------------------------------------------------------------------------
// Working groups

export interface GroupResource {
  id: string;
  openness: GroupOpenness;
  /** Closed groups only: whether the name shows in the directory. */
  listed: boolean;
  archived: boolean;
  /** How many leads the group has: the last one may not leave or step down. */
  leadCount: number;
}

const groupMembershipIn = (actor: Actor, groupId: string) => actor.groupMemberships.find((g) => g.groupId === groupId);

/**
 * Members see everything in their group. Anyone signed in sees an open
 * group's overview (purpose, area, represented organisations) and may ask to
 * join; of a closed group a non-member sees at most the name, and only when
 * it is listed. Platform admins get no exception: group content is private.
 */
export function groupPermissions(actor: Actor, group: GroupResource) {
  const membership = groupMembershipIn(actor, group.id);
  const isMember = Boolean(membership);
  const isLead = membership?.role === 'lead';
  const active = !group.archived;
  const isLastLead = isLead && group.leadCount <= 1;
  return {
    isMember,
    isLead,
    isLastLead,
    /** The name in the directory and on links. */
    seeName: isMember || group.openness === 'open' || group.listed,
    viewOverview: isMember || (isSignedIn(actor) && group.openness === 'open'),
    /** Threads, meetings, decisions, action items, library, activity, member list, calendar. */
    viewContent: isMember,
    requestJoin: active && !isMember && canTakePart(actor) && group.openness === 'open' && actor.memberships.length > 0,
    post: active && isMember,
    addToLibrary: active && isMember,
    manage: active && isLead,
    invite: active && isLead,
    approveRequests: active && isLead,
    scheduleMeetings: active && isLead,
    recordDecisions: active && isLead,
    createActionItems: active && isMember,
    leave: isMember && !isLastLead,
    archive: active && isLead,
  };
}
export type GroupPermissions = ReturnType<typeof groupPermissions>;

/** A cancelled meeting stays as it was: nobody changes its details, minutes or state any more. */
export function isMeetingChangeable(meeting: { cancelledAt: Date | null }): boolean {
  return meeting.cancelledAt === null;
}

/** Changing a meeting: a lead of the active group, while the meeting is not cancelled. */
export function canChangeMeeting(can: Pick<GroupPermissions, 'scheduleMeetings'>, meeting: { cancelledAt: Date | null }): boolean {
  return can.scheduleMeetings && isMeetingChangeable(meeting);
}

/** Creating a group: anyone who represents an organisation (they become its first lead). */
export function canCreateGroup(actor: Actor): boolean {
  return canTakePart(actor) && actor.memberships.length > 0;
}

/** Leads change roles and remove members, never leaving the group without a lead. */
export function canChangeGroupRole(actor: Actor, group: GroupResource, target: { role: GroupRole }, newRole: GroupRole | 'removed'): boolean {
  if (group.archived || groupMembershipIn(actor, group.id)?.role !== 'lead') return false;
  const demotesLastLead = target.role === 'lead' && newRole !== 'lead' && group.leadCount <= 1;
  return !demotesLastLead;
}

/** An action item is closed or reopened by a lead, its owner, or a member representing the owning organisation. */
export function canUpdateActionItem(
  actor: Actor,
  group: GroupResource,
  item: { ownerUserId: string | null; ownerOrganizationId: string | null },
): boolean {
  const membership = groupMembershipIn(actor, group.id);
  if (!membership || group.archived) return false;
  return (
    membership.role === 'lead' ||
    (item.ownerUserId !== null && item.ownerUserId === actor.userId) ||
    (item.ownerOrganizationId !== null && item.ownerOrganizationId === membership.organizationId)
  );
}

/** Threads and replies: their author edits them while a member of an active group. */
export function canEditGroupPost(actor: Actor, group: GroupResource, post: GroupPostResource): boolean {
  // A hidden post stays as the moderators saw it.
  return !group.archived && !isHidden(post) && Boolean(groupMembershipIn(actor, group.id)) && post.authorId !== null && post.authorId === actor.userId;
}

/** A library entry is removed by whoever added it, or by a lead, while the group is active. */
export function canRemoveLibraryItem(actor: Actor, group: GroupResource, item: { addedBy: string | null }): boolean {
  const membership = groupMembershipIn(actor, group.id);
  if (!membership || group.archived) return false;
  return membership.role === 'lead' || (item.addedBy !== null && item.addedBy === actor.userId);
}

/**
 * Group notifications and mail reach only current members: checked when a
 * notification is shown and again when its mail is sent.
 */
export function canReceiveGroupNotice(actor: Actor, groupId: string | null): boolean {
  return groupId === null || Boolean(groupMembershipIn(actor, groupId));
}

/** A person represents in a group only an organisation they belong to. */
export function canRepresentOrganization(actor: Actor, organizationId: string): boolean {
  return isSignedIn(actor) && actor.memberships.some((m) => m.organizationId === organizationId);
}

export type GroupInvitationBlocker = 'signed-out' | 'email-unconfirmed' | 'wrong-account' | 'archived' | 'already-member' | 'no-organization';

/**
 * Why this reader may not accept a (still valid) group invitation, or null
 * when they may. An archived group takes no one; the invitation is for the
 * invited address only, once that address is confirmed; a member needs none; and joining means representing an organisation.
 */
export function groupInvitationBlocker(actor: Actor, group: GroupResource, invitation: { email: string }, actorEmail: string | null): GroupInvitationBlocker | null {
  if (group.archived) return 'archived';
  if (!isSignedIn(actor)) return 'signed-out';
  if (!actor.emailVerified) return 'email-unconfirmed';
  if (!canAcceptInvitation(actor, invitation, actorEmail)) return 'wrong-account';
  if (groupMembershipIn(actor, group.id)) return 'already-member';
  if (actor.memberships.length === 0) return 'no-organization';
  return null;
}

// ---------------------------------------------------------------------------
// Following

/** Following sends notices and mail, so it needs a confirmed address. */
export function canFollow(actor: Actor): boolean {
  return canTakePart(actor);
}

/**
 * A follower hears of a piece only while it is published and they may read
 * it: checked when the notice is made, and again whenever it is shown or
 * mailed (`receivable` in db/queries/notifications.server.ts says the same in SQL).
 */
export function canReceiveFollowNotice(actor: Actor, content: ContentResource): boolean {
  return content.state === 'published' && !isHidden(content) && contentPermissions(actor, content).view;
}

// ---------------------------------------------------------------------------
// Questions and comments on published initiatives, lessons and snapshots

/** How long an author may still correct a comment. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60_000;

export type CommentRefusal = 'signedOut' | 'unconfirmed' | 'noVerifiedOrganization' | 'notPublished';

/**
 * Why this person may not write a question or comment on the item, or null
 * when they may: signed in with a confirmed address, a member of a verified
 * organisation, and the item published and readable to them.
 */
export function commentRefusal(actor: Actor, item: ContentResource): CommentRefusal | null {
  if (!isSignedIn(actor)) return 'signedOut';
  if (!actor.emailVerified) return 'unconfirmed';
  if (!actor.memberships.some((m) => m.organizationVerified)) return 'noVerifiedOrganization';
  if (item.state !== 'published' || isHidden(item) || !contentPermissions(actor, item).view) return 'notPublished';
  return null;
}

export const canComment = (actor: Actor, item: ContentResource): boolean => commentRefusal(actor, item) === null;

export interface CommentResource {
  authorId: string | null;
  createdAt: Date;
  hiddenAt: Date | null;
}

/**
 * A comment is as visible as its item, and nowhere once hidden. Its author
 * edits it within the window (while still allowed to comment) and deletes it;
 * the item's organisation's editors and platform admins hide it.
 */
export function commentPermissions(actor: Actor, item: ContentResource, comment: CommentResource, now: Date) {
  const own = isSignedIn(actor) && comment.authorId === actor.userId;
  const readable = contentPermissions(actor, item).view;
  const visible = comment.hiddenAt === null && readable;
  const moderates = isContentEditor(actor, item) || actor.isPlatformAdmin;
  return {
    view: visible,
    edit: visible && own && now.getTime() - comment.createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS && canComment(actor, item),
    delete: visible && own,
    hide: visible && moderates,
    /** Those who hide a comment also bring it back (a mistaken hiding, a report found groundless after all). */
    restore: comment.hiddenAt !== null && readable && moderates,
    /** Anyone signed in who sees a comment may report someone else's to the moderators. */
    report: visible && isSignedIn(actor) && !own,
  };
}
export type CommentPermissions = ReturnType<typeof commentPermissions>;

/**
 * A notice about a comment (a new one, a mention) reaches its recipient only
 * while the comment is not hidden, its item is published, and the recipient
 * may read the item: checked when made, and again when shown or mailed
 * (`receivableCommentNotice` in db/queries/notifications.server.ts says the same in SQL).
 */
export function canReceiveCommentNotice(actor: Actor, item: ContentResource, comment: { hiddenAt: Date | null }): boolean {
  return comment.hiddenAt === null && item.state === 'published' && !isHidden(item) && contentPermissions(actor, item).view;
}

// ---------------------------------------------------------------------------
// Reports and moderation

/**
 * Who is told that a write-up was hidden or restored (its creator and the owning
 * organisation's editors are asked): only someone who may read it as it is after
 * the decision. Hidden, that is its own editors; a creator who has left the
 * organisation is not told about a piece they may no longer open.
 */
export function canReceiveWriteUpDecisionNotice(actor: Actor, content: ContentResource): boolean {
  return contentPermissions(actor, content).view;
}

/** The moderation queue of reported comments and write-ups across the platform: platform admins. */
export function canModeratePlatform(actor: Actor): boolean {
  return actor.isPlatformAdmin;
}

/** A group's own moderation queue (reported thread posts and replies): its leads, also in an archived group. */
export function canModerateGroup(actor: Actor, group: { id: string }): boolean {
  return groupMembershipIn(actor, group.id)?.role === 'lead';
}

export interface GroupPostResource {
  authorId: string | null;
  hiddenAt: Date | null;
}

/**
 * A thread post or reply in a working group. Members read it until a
 * moderator hides it; then only its author and the group's leads see it, with
 * the reason. Members report someone else's post; the group's leads (and a
 * platform admin who is a member, so reads it) hide and restore. Platform
 * admins get no way into a group they do not belong to.
 */
export function groupPostPermissions(actor: Actor, group: { id: string }, post: GroupPostResource) {
  const member = Boolean(groupMembershipIn(actor, group.id));
  const own = isSignedIn(actor) && post.authorId !== null && post.authorId === actor.userId;
  const moderates = member && (canModerateGroup(actor, group) || actor.isPlatformAdmin);
  const visible = member && !isHidden(post);
  return {
    view: visible,
    seeHiddenNotice: isHidden(post) && (own || moderates),
    report: visible && !own,
    hide: visible && moderates,
    restore: isHidden(post) && moderates,
  };
}
export type GroupPostPermissions = ReturnType<typeof groupPostPermissions>;
// Single sign-on (issue 17)

/** How long after a single sign-on the session counts as fresh proof for an account without a password. */
export const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

/**
 * Unlinking a provider: only the account's owner, and never the last way in:
 * an account without a password keeps at least one linked provider.
 */
export function canUnlinkIdentity(actor: Actor, account: { userId: string; hasPassword: boolean; identityCount: number }, identity: { userId: string }): boolean {
  if (!isSignedIn(actor) || actor.userId !== account.userId || identity.userId !== account.userId) return false;
  return account.hasPassword || account.identityCount > 1;
}

/**
 * What proves it is really the account's owner before an irreversible step
 * (deleting the account): the password, or for an account without one a
 * single sign-on made within the last ten minutes. `reauthenticate` means:
 * sign in through the provider again first.
 */
export function ownerProofRequired(
  account: { hasPassword: boolean },
  session: { ssoProviderId: string | null; createdAt: Date },
  now: Date,
): 'password' | 'freshSignIn' | 'reauthenticate' {
  if (account.hasPassword) return 'password';
  return session.ssoProviderId !== null && now.getTime() - session.createdAt.getTime() <= FRESH_SIGN_IN_MS ? 'freshSignIn' : 'reauthenticate';
}

/**
 * First sign-in through a provider: an account is made only for an address
 * the provider asserts verified and, when the provider lists domains, on one
 * of them. The same holds before an existing account with that address is
 * offered a link. Returns why not, or null.
 */
export function ssoAccountRefusal(
  claims: { email: string | null; emailVerified: boolean },
  provider: { allowedDomains?: string[] },
): 'noEmail' | 'unverifiedEmail' | 'domainNotAllowed' | null {
  if (!claims.email) return 'noEmail';
  if (!claims.emailVerified) return 'unverifiedEmail';
  const domain = claims.email.slice(claims.email.lastIndexOf('@') + 1);
  if (provider.allowedDomains && !provider.allowedDomains.includes(domain)) return 'domainNotAllowed';
  return null;
}
