/**
 * Who belongs to a working group: join requests (open groups), invitations
 * by email (any group), roles, removal and leaving. Rules come from
 * app/policy.ts and are asked again inside each transaction, with the group
 * row locked, so two leads acting at once cannot leave a group without a lead.
 */
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import * as q from '#db/queries/group-membership.server.ts';
import { lockGroup, recordGroupActivity } from '#db/queries/groups.server.ts';
import type { WorkingGroup } from '#db/schema/index.server.ts';
import type { GroupRole } from '#app/vocabulary.ts';
import { hashToken } from '../auth/tokens.server.ts';
import type { RequestContext } from '../context.server.ts';
import { email, fieldError, optionalText, parseForm, type FieldErrors } from '../forms/validation.ts';
import { notify } from '../notifications/notify.server.ts';
import { canChangeGroupRole, canRepresentOrganization, groupInvitationBlocker, groupPermissions, type Actor, type GroupInvitationBlocker } from '../policy.ts';
import { loadGroupResource, type GroupAccess } from './access.server.ts';
import { assertAllowed, forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { mailInvitation, recordJoinAnswer, recordRoleChange, revokeInvitationWithAudit } from '../memberships/steps.server.ts';

export const GROUP_INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * The group and the actor as they are now, inside a transaction: the group row
 * is locked, the lead count and the actor's own role are read afresh.
 */
async function lockedAccess(tx: Db, actor: Actor, groupId: string) {
  const group = await lockGroup(tx, groupId);
  if (!group) notFound();
  const own = actor.userId ? await q.findGroupMember(tx, groupId, actor.userId) : undefined;
  const current: Actor = {
    ...actor,
    groupMemberships: [...actor.groupMemberships.filter((g) => g.groupId !== groupId), ...(own ? [{ groupId, role: own.role, organizationId: own.organizationId }] : [])],
  };
  const resource = await loadGroupResource(tx, group);
  return { group, actor: current, resource, can: groupPermissions(current, resource) };
}

const membersUrl = (group: WorkingGroup) => `/grupper/${group.slug}/medlemmar`;

// ---------------------------------------------------------------------------
// The members page

/** Members for every member; pending requests and invitations for leads only. */
export async function loadMembersPage(ctx: RequestContext, access: GroupAccess) {
  const { db } = ctx.services;
  const { group, can } = access;
  const [members, requests, invitations] = await Promise.all([
    q.listGroupMembers(db, group.id),
    can.isLead ? q.listGroupJoinRequests(db, group.id) : [],
    can.isLead ? q.listOpenGroupInvitations(db, group.id) : [],
  ]);
  return {
    group: { slug: group.slug, name: group.name, openness: group.openness, archived: group.archivedAt !== null },
    members: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      // Addresses are for the leads, who manage membership.
      email: can.isLead ? m.email : null,
      organizationName: m.organizationName,
      organizationSlug: m.organizationSlug,
      sector: m.sector,
      role: m.role,
      joinedAt: m.joinedAt.toISOString(),
    })),
    requests: requests.map((r) => ({ userId: r.userId, name: r.name, email: r.email, organizationName: r.organizationName, sector: r.sector, message: r.message, createdAt: r.createdAt.toISOString() })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, invitedByName: i.invitedByName, expiresAt: i.expiresAt.toISOString() })),
    can,
  };
}

// ---------------------------------------------------------------------------
// Join requests

export const JoinRequestForm = z.object({
  organizationId: z.string({ required_error: 'error.group.organization' }).trim().min(1, 'error.group.organization'),
  message: optionalText(1000),
});

/** A signed-in person asks to join an open group, representing one of their organisations. */
export async function requestToJoin(ctx: RequestContext, access: GroupAccess, user: { id: string; name: string }, formData: FormData): Promise<Outcome> {
  const { group, can } = access;
  // Closed groups take members by invitation only; say so rather than a bare refusal.
  if (group.openness === 'closed' && !can.isMember) return invalid({ form: fieldError('error.group.closedJoin') }, 403);
  assertAllowed(can.requestJoin, 'you cannot ask to join this group');
  const form = parseForm(JoinRequestForm, formData);
  if (!form.ok) return invalid(form.errors);
  const actor = await ctx.actor();
  if (!canRepresentOrganization(actor, form.data.organizationId)) return invalid({ organizationId: fieldError('error.group.organizationNotYours') });
  await ctx.services.db.transaction(async (tx) => {
    await q.upsertGroupJoinRequest(tx, { groupId: group.id, userId: user.id, organizationId: form.data.organizationId, message: form.data.message });
    await notify(tx, {
      recipients: await q.groupLeadIds(tx, group.id),
      kind: 'membership',
      groupId: group.id,
      actorId: user.id,
      messageKey: 'group.notice.joinRequested',
      params: { name: user.name, group: group.name },
      url: membersUrl(group),
    });
    await recordAudit(tx, { actorUserId: user.id, action: 'group.join_requested', targetType: 'group', targetId: group.id, ip: ctx.ip });
  });
  return { ok: true };
}

export async function cancelJoinRequest(ctx: RequestContext, access: GroupAccess, userId: string): Promise<void> {
  const removed = await q.deleteGroupJoinRequest(ctx.services.db, access.group.id, userId);
  if (!removed) notFound('no such request');
}

/** A lead approves (the person becomes a member) or rejects a pending request. */
export async function answerJoinRequest(ctx: RequestContext, access: GroupAccess, leadId: string, applicantId: string, approve: boolean): Promise<Outcome> {
  assertAllowed(access.can.approveRequests, 'only leads answer join requests');
  const actor = await ctx.actor();
  return ctx.services.db.transaction(async (tx) => {
    const now = await lockedAccess(tx, actor, access.group.id);
    if (!now.can.approveRequests) forbidden('only leads answer join requests');
    const request = await q.deleteGroupJoinRequest(tx, now.group.id, applicantId);
    if (!request) notFound('no such request');
    if (approve) {
      // The applicant may have left the organisation they asked to represent since asking.
      const representable = await q.listRepresentableOrganizations(tx, applicantId);
      const organization = representable.find((o) => o.id === request.organizationId);
      if (!organization) throw new RequestRollback(invalid({ form: fieldError('error.group.requestOrganizationGone') }, 409));
      if (await q.addGroupMember(tx, { groupId: now.group.id, userId: applicantId, organizationId: organization.id, role: 'member' })) {
        const name = (await q.listGroupMembers(tx, now.group.id)).find((m) => m.userId === applicantId)?.name ?? '';
        await recordGroupActivity(tx, {
          groupId: now.group.id,
          actorId: leadId,
          kind: 'member_joined',
          subjectId: applicantId,
          data: { name, organization: organization.name, via: 'request' },
        });
        await enqueueSearchSync(tx, { type: 'group', id: now.group.id }); // its document lists the represented organisations
        await notify(tx, {
          recipients: [applicantId],
          kind: 'membership',
          groupId: now.group.id,
          actorId: leadId,
          messageKey: 'group.notice.requestApproved',
          params: { group: now.group.name },
          url: `/grupper/${now.group.slug}`,
        });
      }
    }
    await recordJoinAnswer(tx, ctx, { scope: 'group', targetId: now.group.id, actorUserId: leadId, applicantId, approve, refusedAction: 'join_rejected' });
    return { ok: true as const };
  }).catch(unwrapRollback);
}

/** Thrown inside a transaction to roll it back and answer with an outcome instead of an error. */
class RequestRollback extends Error {
  constructor(readonly outcome: { ok: false; status: number; errors: FieldErrors }) {
    super('rolled back');
  }
}
function unwrapRollback(error: unknown): { ok: false; status: number; errors: FieldErrors } {
  if (error instanceof RequestRollback) return error.outcome;
  throw error;
}

// ---------------------------------------------------------------------------
// Invitations

export const GroupInviteForm = z.object({ email });

/**
 * Mails a single-use invitation link (only its hash is stored) to anyone,
 * on the platform or not; a newer invitation to the same address replaces older ones.
 */
export async function inviteToGroup(ctx: RequestContext, access: GroupAccess, inviter: { id: string; name: string }, formData: FormData): Promise<Outcome<{ email: string; token: string }>> {
  const { group, can } = access;
  assertAllowed(can.invite, 'only leads of an active group invite');
  const form = parseForm(GroupInviteForm, formData);
  if (!form.ok) return invalid(form.errors);
  const { db } = ctx.services;
  const to = form.data.email;
  const members = await q.listGroupMembers(db, group.id);
  if (members.some((m) => m.email.toLowerCase() === to)) return invalid({ email: fieldError('error.group.alreadyMember') }, 409);
  const token = await mailInvitation(ctx, {
    to,
    lifetimeMs: GROUP_INVITATION_LIFETIME_MS,
    path: (token) => `/grupper/inbjudan/${token}`,
    subject: 'mail.groupInvite.subject',
    body: 'mail.groupInvite.body',
    params: { group: group.name, inviter: inviter.name, email: to },
    prepare: (tx) => q.revokeOpenInvitationsFor(tx, group.id, to),
    insert: (tx, row) => q.insertGroupInvitation(tx, { groupId: group.id, email: to, invitedBy: inviter.id, ...row }),
    audit: { actorUserId: inviter.id, action: 'group.invite', targetType: 'group_invitation', details: { groupId: group.id, email: to } },
  });
  return { ok: true, email: to, token };
}

export async function revokeInvitation(ctx: RequestContext, access: GroupAccess, leadId: string, invitationId: string): Promise<void> {
  assertAllowed(access.can.invite, 'only leads of an active group revoke invitations');
  await revokeInvitationWithAudit(ctx, (tx) => q.revokeGroupInvitation(tx, access.group.id, invitationId), {
    actorUserId: leadId,
    action: 'group.invitation_revoked',
    targetType: 'group_invitation',
    targetId: invitationId,
  });
}

/** What the invitation page can say about a token, before and after trying to accept it. */
export type InvitationState = 'unknown' | 'used' | 'expired' | 'revoked' | GroupInvitationBlocker | 'ready';

export const INVITATION_STATUS: Record<InvitationState, number> = {
  unknown: 404,
  used: 410,
  expired: 410,
  revoked: 410,
  archived: 410,
  'signed-out': 200,
  'email-unconfirmed': 403,
  'wrong-account': 403,
  'already-member': 409,
  'no-organization': 200,
  ready: 200,
};

type FoundInvitation = NonNullable<Awaited<ReturnType<typeof q.findGroupInvitationByTokenHash>>>;

/** The token's own state first (used, revoked, expired), then whether this reader may take it. */
async function invitationState(db: Db, found: FoundInvitation | undefined, actor: Actor, actorEmail: string | null): Promise<InvitationState> {
  if (!found) return 'unknown';
  const { invitation, group } = found;
  if (invitation.acceptedAt) return 'used';
  if (invitation.revokedAt) return 'revoked';
  if (found.expired) return 'expired';
  const resource = await loadGroupResource(db, group);
  return groupInvitationBlocker(actor, resource, invitation, actorEmail) ?? 'ready';
}

/** The invitation page: the group, who invited, and what this reader can do with the link. */
export async function loadInvitation(ctx: RequestContext, token: string) {
  const { db } = ctx.services;
  const found = await q.findGroupInvitationByTokenHash(db, hashToken(token));
  const actor = await ctx.actor();
  const state = await invitationState(db, found, actor, ctx.auth?.user.email ?? null);
  const userId = ctx.auth?.user.id;
  const organizations = state === 'ready' && userId ? await q.listRepresentableOrganizations(db, userId) : [];
  return {
    state,
    invitation: found
      ? { groupName: found.group.name, groupSlug: found.group.slug, inviterName: found.inviterName, email: found.invitation.email }
      : null,
    organizations: organizations.map((o) => ({ value: o.id, label: o.name })),
  };
}

export const AcceptInvitationForm = z.object({
  organizationId: z.string({ required_error: 'error.group.organization' }).trim().min(1, 'error.group.organization'),
});

export type AcceptOutcome = { ok: true; slug: string } | { ok: false; state: InvitationState; status: number; errors?: FieldErrors };

/**
 * Accepts the invitation: the membership, the invitation marked used and the
 * activity line land together or not at all. The conditional claim makes a
 * second accept of the same token (even a concurrent one) fail cleanly.
 */
export async function acceptInvitation(ctx: RequestContext, user: { id: string; name: string; email: string }, token: string, formData: FormData): Promise<AcceptOutcome> {
  const actor = await ctx.actor();
  const refuse = (state: InvitationState, errors?: FieldErrors): AcceptOutcome => ({ ok: false, state, status: errors ? 400 : INVITATION_STATUS[state], errors });
  const form = parseForm(AcceptInvitationForm, formData);
  try {
    return await ctx.services.db.transaction(async (tx) => {
      const found = await q.findGroupInvitationByTokenHash(tx, hashToken(token));
      const state = await invitationState(tx, found, actor, user.email);
      if (state !== 'ready' || !found) return refuse(state);
      if (!form.ok) return refuse('ready', form.errors);
      if (!canRepresentOrganization(actor, form.data.organizationId)) return refuse('ready', { organizationId: fieldError('error.group.organizationNotYours') });
      const { invitation, group } = found;
      if (!(await q.claimGroupInvitation(tx, invitation.id, user.id))) return refuse('used');
      // Joined some other way a moment ago: undo the claim, the invitation stays usable.
      if (!(await q.addGroupMember(tx, { groupId: group.id, userId: user.id, organizationId: form.data.organizationId, role: 'member' }))) {
        throw new RequestRollback({ ok: false, status: 409, errors: {} });
      }
      await q.deleteGroupJoinRequest(tx, group.id, user.id);
      const organizationName = (await q.findOrganizationName(tx, form.data.organizationId)) ?? '';
      await recordGroupActivity(tx, {
        groupId: group.id,
        actorId: user.id,
        kind: 'member_joined',
        subjectId: user.id,
        data: { name: user.name, organization: organizationName, via: 'invitation' },
      });
      await enqueueSearchSync(tx, { type: 'group', id: group.id }); // its document lists the represented organisations
      await notify(tx, {
        recipients: await q.groupLeadIds(tx, group.id),
        kind: 'membership',
        groupId: group.id,
        actorId: user.id,
        messageKey: 'group.notice.invitationAccepted',
        params: { name: user.name, group: group.name },
        url: membersUrl(group),
      });
      await recordAudit(tx, { actorUserId: user.id, action: 'group.invitation_accepted', targetType: 'group', targetId: group.id, ip: ctx.ip, details: { invitationId: invitation.id } });
      return { ok: true as const, slug: group.slug };
    });
  } catch (error) {
    if (error instanceof RequestRollback) return refuse('already-member');
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Roles, removal, leaving

export const GroupRoleForm = z.object({ role: z.enum(['lead', 'member'], { errorMap: () => ({ message: 'error.role.invalid' }) }) });

/**
 * A lead changes a member's role or removes them (`'removed'`), never leaving
 * the group without a lead. Asked again inside the transaction, group locked.
 */
export async function changeMemberRole(ctx: RequestContext, access: GroupAccess, leadId: string, targetUserId: string, newRole: GroupRole | 'removed'): Promise<Outcome> {
  assertAllowed(access.can.manage, 'only leads of an active group manage members');
  const actor = await ctx.actor();
  return ctx.services.db.transaction(async (tx) => {
    const now = await lockedAccess(tx, actor, access.group.id);
    if (!now.can.manage) forbidden('only leads of an active group manage members');
    const target = await q.findGroupMember(tx, now.group.id, targetUserId);
    if (!target) notFound('no such member');
    if (!canChangeGroupRole(now.actor, now.resource, target, newRole)) return invalid({ role: fieldError('error.group.lastLead') }, 409);
    if (newRole === 'removed') {
      const member = (await q.listGroupMembers(tx, now.group.id)).find((m) => m.userId === targetUserId);
      await q.deleteGroupMember(tx, now.group.id, targetUserId);
      await recordGroupActivity(tx, {
        groupId: now.group.id,
        actorId: leadId,
        kind: 'member_removed',
        subjectId: targetUserId,
        data: { name: member?.name ?? '', organization: member?.organizationName ?? '' },
      });
      await enqueueSearchSync(tx, { type: 'group', id: now.group.id }); // its document lists the represented organisations
    } else if (newRole !== target.role) {
      await q.setGroupMemberRole(tx, now.group.id, targetUserId, newRole);
    }
    await recordRoleChange(tx, ctx, { scope: 'group', targetId: now.group.id, actorUserId: leadId, userId: targetUserId, from: target.role, to: newRole });
    return { ok: true as const };
  });
}

/** A member leaves; the last lead is refused with a message saying to appoint another lead first. */
export async function leaveGroup(ctx: RequestContext, access: GroupAccess, user: { id: string; name: string }): Promise<Outcome> {
  const actor = await ctx.actor();
  return ctx.services.db.transaction(async (tx) => {
    const now = await lockedAccess(tx, actor, access.group.id);
    if (!now.can.isMember) forbidden('not a member');
    if (!now.can.leave) return invalid({ form: fieldError('error.group.lastLeadLeave') }, 409);
    const member = (await q.listGroupMembers(tx, now.group.id)).find((m) => m.userId === user.id);
    await q.deleteGroupMember(tx, now.group.id, user.id);
    await recordGroupActivity(tx, {
      groupId: now.group.id,
      actorId: user.id,
      kind: 'member_left',
      subjectId: user.id,
      data: { name: user.name, organization: member?.organizationName ?? '' },
    });
    await enqueueSearchSync(tx, { type: 'group', id: now.group.id }); // its document lists the represented organisations
    await recordAudit(tx, { actorUserId: user.id, action: 'group.leave', targetType: 'group', targetId: now.group.id, ip: ctx.ip });
    return { ok: true as const };
  });
}
