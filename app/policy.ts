/**
 * Every access rule in Samverka, as pure functions with no I/O: loaders,
 * actions, search filters, feeds and exports all ask here, so one rule answers
 * every door. Loaders pass the resulting `can` flags to the UI, which only reads them.
 */
import type { ContentState, MemberRole, Visibility } from '#db/vocabulary.ts';

export interface ActorMembership {
  organizationId: string;
  role: MemberRole;
  organizationVerified: boolean;
}

export interface Actor {
  userId: string | null;
  isPlatformAdmin: boolean;
  memberships: ActorMembership[];
}

export const ANONYMOUS: Actor = { userId: null, isPlatformAdmin: false, memberships: [] };

export interface OrganizationResource {
  id: string;
  verified: boolean;
  /** How many admins the organisation has: the last one may not leave or be demoted. */
  adminCount: number;
}

const membershipIn = (actor: Actor, organizationId: string) =>
  actor.memberships.find((m) => m.organizationId === organizationId);

export const isSignedIn = (actor: Actor): actor is Actor & { userId: string } => actor.userId !== null;

export function canCreateOrganization(actor: Actor): boolean {
  return isSignedIn(actor);
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
    requestJoin: isSignedIn(actor) && !membership,
    leave: Boolean(membership) && !isLastAdmin,
    isLastAdmin,
    verify: actor.isPlatformAdmin && !org.verified,
    unverify: actor.isPlatformAdmin && org.verified,
    /** Only editors and admins of a verified organisation publish on its behalf. */
    publish: org.verified && (membership?.role === 'editor' || isAdmin),
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
  return isSignedIn(actor) && actorEmail !== null && actorEmail.toLowerCase() === invitation.email.toLowerCase();
}

export function canAdministerPlatform(actor: Actor): boolean {
  return actor.isPlatformAdmin;
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
 * The visibility keys a reader may see: "public" for everyone, "partners" for
 * members of a verified organisation. Content and search documents carry one
 * key; search filters and listing queries use this list.
 */
export function readerVisibilityKeys(actor: Actor): string[] {
  const keys = ['public'];
  if (actor.memberships.some((m) => m.organizationVerified)) keys.push('partners');
  return keys;
}

export interface ContentResource {
  organizationId: string;
  organizationVerified: boolean;
  state: ContentState;
  visibility: Visibility;
  groupId: string | null;
}

/** Editors and admins of the owning organisation write, publish and see drafts and history. */
const isContentEditor = (actor: Actor, content: { organizationId: string }) => {
  const role = membershipIn(actor, content.organizationId)?.role;
  return role === 'editor' || role === 'admin';
};

/**
 * Whether the reader may see a published (or archived) piece with this
 * visibility. The same answer filters pages, listings, feeds, exports and search.
 */
export function canReadVisibility(actor: Actor, visibility: Visibility): boolean {
  if (visibility === 'public') return true;
  if (visibility === 'partners') return readerVisibilityKeys(actor).includes('partners');
  return false; // 'group': working groups decide, once they exist
}

/** Initiatives and lessons share one rule set. */
export function contentPermissions(actor: Actor, content: ContentResource) {
  const editor = isContentEditor(actor, content);
  const readable = content.state !== 'draft' && canReadVisibility(actor, content.visibility);
  return {
    view: editor || readable,
    edit: editor,
    viewHistory: editor,
    /** Publishing needs a verified organisation; a draft or an archived piece can be (re)published. */
    publish: editor && content.organizationVerified && content.state !== 'published',
    changeVisibility: editor && content.organizationVerified,
    unpublish: editor && content.state === 'published',
    archive: editor && content.state === 'published',
    attach: editor,
  };
}
export type ContentPermissions = ReturnType<typeof contentPermissions>;

/** Organisations whose drafts this actor may write and list. */
export function editableOrganizationIds(actor: Actor): string[] {
  return actor.memberships.filter((m) => m.role === 'editor' || m.role === 'admin').map((m) => m.organizationId);
}

/** Visibilities offered when publishing; "group" comes with working groups. */
export function publishableVisibilities(): Visibility[] {
  return ['public', 'partners'];
}

/** Statistics come from partners with a verified organisation (editors or admins), or platform admins. */
export function canImportIndicators(actor: Actor): boolean {
  return actor.isPlatformAdmin || actor.memberships.some((m) => m.organizationVerified && (m.role === 'editor' || m.role === 'admin'));
}
