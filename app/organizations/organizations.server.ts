/**
 * Organisation use-cases: register, join (by request or invitation), roles,
 * leave, verify. Every write that touches more than one row runs in one
 * transaction with the organisation row locked, so the last-admin rule holds.
 */
import { z } from 'zod';
import { findArea } from '#db/queries/areas.server.ts';
import { platformAdminIds } from '#db/queries/accounts.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import * as q from '#db/queries/organizations.server.ts';
import { MEMBER_ROLES, SECTORS, type MemberRole } from '#db/schema/index.server.ts';
import { hashToken } from '../auth/tokens.server.ts';
import type { RequestContext } from '../context.server.ts';
import { parseOrganizationNumber } from './organization-number.ts';
import { uniqueSlug } from '../http/slug.ts';
import { email, fieldError, optionalText, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { translate } from '../i18n/index.ts';
import { notify } from '../notifications/notify.server.ts';
import { canAcceptInvitation, canChangeMemberRole, organizationPermissions, type OrganizationResource } from '../policy.ts';
import { isUniqueViolation } from '#db/errors.server.ts';
import { mailInvitation, recordJoinAnswer, recordRoleChange, revokeInvitationWithAudit } from '../memberships/steps.server.ts';

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const CreateOrganizationForm = z
  .object({
    name: requiredText(150),
    sector: z.enum(SECTORS, { errorMap: () => ({ message: 'error.sector.invalid' }) }),
    orgNumber: requiredText(20),
    municipalityCode: z.string().trim().max(4, 'error.municipality.unknown').optional().transform((v) => v || null),
    description: optionalText(2000),
    website: z
      .string()
      .trim()
      .max(300, 'error.tooLong')
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v), 'error.url.invalid'),
  })
  .superRefine((v, ctx) => {
    if (v.sector === 'kommun' && !v.municipalityCode) ctx.addIssue({ code: 'custom', path: ['municipalityCode'], message: 'error.municipality.required' });
  });

export const InviteForm = z.object({
  email,
  role: z.enum(MEMBER_ROLES, { errorMap: () => ({ message: 'error.role.invalid' }) }),
});
export const RoleForm = z.object({ role: z.enum(MEMBER_ROLES, { errorMap: () => ({ message: 'error.role.invalid' }) }) });
export const JoinRequestForm = z.object({ message: optionalText(1000) });

import { forbidden, invalid, type Outcome } from '../http/guards.server.ts';
import { isPathKey } from '../http/form.server.ts';

/** The organisation page's view of one organisation for this reader, with the policy's answers. */
export async function loadOrganization(ctx: RequestContext, slug: string) {
  const { db } = ctx.services;
  const found = isPathKey(slug) ? await q.findOrganizationBySlug(db, slug) : undefined;
  if (!found) return null;
  const org = found.organization;
  const actor = await ctx.actor();
  const adminCount = await q.countAdmins(db, org.id);
  const resource: OrganizationResource = { id: org.id, verified: org.verifiedAt !== null, adminCount };
  const membership = actor.memberships.find((m) => m.organizationId === org.id) ?? null;
  return { org, municipalityName: found.municipalityName, resource, membership, can: organizationPermissions(actor, resource) };
}

export async function createOrganization(ctx: RequestContext, userId: string, formData: FormData): Promise<Outcome<{ slug: string }>> {
  const form = parseForm(CreateOrganizationForm, formData);
  if (!form.ok) return invalid(form.errors);
  const { db } = ctx.services;
  const errors: FieldErrors = {};
  const orgNumber = parseOrganizationNumber(form.data.orgNumber);
  if (!orgNumber.ok) {
    errors.orgNumber = fieldError(
      orgNumber.reason === 'format' ? 'error.orgNumber.format' : orgNumber.reason === 'checksum' ? 'error.orgNumber.checksum' : 'error.orgNumber.notOrganization',
    );
  }
  let municipalityCode: string | null = null;
  if (form.data.municipalityCode) {
    const area = await findArea(db, form.data.municipalityCode);
    if (area?.kind !== 'municipality') errors.municipalityCode = fieldError('error.municipality.unknown');
    else municipalityCode = area.code;
  }
  if (orgNumber.ok) {
    const conflict = await q.findConflictingOrganization(db, form.data.name, orgNumber.value);
    if (conflict.numberTaken) errors.orgNumber = fieldError('error.orgNumber.taken');
    if (conflict.nameTaken) errors.name = fieldError('error.orgName.taken');
  }
  if (Object.keys(errors).length > 0 || !orgNumber.ok) return invalid(errors, conflictStatus(errors));

  try {
    const org = await db.transaction(async (tx) => {
      const slug = await uniqueSlug(tx, form.data.name, q.isSlugTaken);
      const created = await q.insertOrganization(tx, {
        slug,
        name: form.data.name,
        sector: form.data.sector,
        orgNumber: orgNumber.value,
        municipalityCode,
        description: form.data.description,
        website: form.data.website,
        createdBy: userId,
      });
      await q.addMembership(tx, { organizationId: created.id, userId, role: 'admin' });
      await recordAudit(tx, { actorUserId: userId, action: 'organization.create', targetType: 'organization', targetId: created.id, ip: ctx.ip });
      // Platform admins hear of it at once: nothing the organisation writes can be published until one of them verifies it.
      await notify(tx, {
        recipients: await platformAdminIds(tx),
        kind: 'organization_review',
        groupId: null,
        actorId: userId,
        messageKey: 'org.notice.registered',
        params: { org: created.name },
        url: `/organisationer/${created.slug}`,
      });
      return created;
    });
    q.forgetOrganizations(); // after the commit, so no reader caches the catalogue without it
    return { ok: true, slug: org.slug };
  } catch (error) {
    // A concurrent registration of the same name or number lost the race on the unique index.
    if (isUniqueViolation(error)) return invalid({ orgNumber: fieldError('error.orgNumber.taken') }, 409);
    throw error;
  }
}

const conflictStatus = (errors: FieldErrors) =>
  errors.orgNumber?.key === 'error.orgNumber.taken' || errors.name?.key === 'error.orgName.taken' ? 409 : 400;


type Loaded = NonNullable<Awaited<ReturnType<typeof loadOrganization>>>;

export async function requestToJoin(ctx: RequestContext, loaded: Loaded, userId: string, formData: FormData): Promise<Outcome> {
  if (!loaded.can.requestJoin) throw forbidden();
  const form = parseForm(JoinRequestForm, formData);
  if (!form.ok) return invalid(form.errors);
  await ctx.services.db.transaction(async (tx) => {
    await q.upsertJoinRequest(tx, { organizationId: loaded.org.id, userId, message: form.data.message });
    await recordAudit(tx, { actorUserId: userId, action: 'organization.join_requested', targetType: 'organization', targetId: loaded.org.id, ip: ctx.ip });
  });
  return { ok: true };
}

export async function answerJoinRequest(ctx: RequestContext, loaded: Loaded, actorId: string, applicantId: string, approve: boolean): Promise<Outcome> {
  if (!loaded.can.manageMembers) throw forbidden();
  const done = await ctx.services.db.transaction(async (tx) => {
    const existed = await q.deleteJoinRequest(tx, loaded.org.id, applicantId);
    if (!existed) return false;
    if (approve) await q.addMembership(tx, { organizationId: loaded.org.id, userId: applicantId, role: 'member' });
    await recordJoinAnswer(tx, ctx, { scope: 'organization', targetId: loaded.org.id, actorUserId: actorId, applicantId, approve, refusedAction: 'join_declined' });
    return true;
  });
  if (!done) throw new Response('no such request', { status: 404 });
  return { ok: true };
}

export async function inviteByEmail(ctx: RequestContext, loaded: Loaded, inviter: { id: string; name: string }, formData: FormData): Promise<Outcome<{ email: string; token: string }>> {
  if (!loaded.can.manageMembers) throw forbidden();
  const form = parseForm(InviteForm, formData);
  if (!form.ok) return invalid(form.errors);
  const members = await q.listMembers(ctx.services.db, loaded.org.id);
  if (members.some((m) => m.email.toLowerCase() === form.data.email)) return invalid({ email: fieldError('error.member.alreadyMember') }, 409);
  const { email: to, role } = form.data;
  const token = await mailInvitation(ctx, {
    to,
    lifetimeMs: INVITATION_LIFETIME_MS,
    path: (token) => `/inbjudan/${token}`,
    subject: 'mail.invite.subject',
    body: 'mail.invite.body',
    params: { org: loaded.org.name, inviter: inviter.name, role: translate(ctx.locale, `role.${role}`) },
    insert: (tx, row) => q.insertInvitation(tx, { organizationId: loaded.org.id, email: to, role, invitedBy: inviter.id, ...row }),
    audit: { actorUserId: inviter.id, action: 'organization.invite', targetType: 'invitation', details: { email: to, role } },
  });
  return { ok: true, email: form.data.email, token };
}

export async function revokeInvitation(ctx: RequestContext, loaded: Loaded, actorId: string, invitationId: string): Promise<void> {
  if (!loaded.can.manageMembers) throw forbidden();
  await revokeInvitationWithAudit(ctx, (tx) => q.revokeInvitation(tx, loaded.org.id, invitationId), {
    actorUserId: actorId,
    action: 'organization.invitation_revoked',
    targetType: 'invitation',
    targetId: invitationId,
  });
}

export type AcceptInvitationResult = { ok: true; slug: string } | { ok: false; reason: 'invalid' | 'wrong-account' | 'email-unconfirmed' };

/** The signed-in user must hold the invited address, confirmed; the token works once. */
export async function acceptInvitation(ctx: RequestContext, user: { id: string; email: string }, token: string): Promise<AcceptInvitationResult> {
  const actor = await ctx.actor();
  return ctx.services.db.transaction(async (tx) => {
    const found = await q.findUsableInvitation(tx, hashToken(token));
    if (!found) return { ok: false, reason: 'invalid' } as const;
    if (!canAcceptInvitation(actor, found.invitation, user.email)) {
      return { ok: false, reason: actor.emailVerified ? 'wrong-account' : 'email-unconfirmed' } as const;
    }
    if (!(await q.markInvitationAccepted(tx, found.invitation.id))) return { ok: false, reason: 'invalid' } as const;
    const existing = await q.findMembership(tx, found.organization.id, user.id);
    if (!existing) await q.addMembership(tx, { organizationId: found.organization.id, userId: user.id, role: found.invitation.role });
    else if (rank(found.invitation.role) > rank(existing.role)) await q.setMemberRole(tx, found.organization.id, user.id, found.invitation.role);
    await q.deleteJoinRequest(tx, found.organization.id, user.id);
    await recordAudit(tx, { actorUserId: user.id, action: 'organization.invitation_accepted', targetType: 'organization', targetId: found.organization.id, ip: ctx.ip });
    return { ok: true, slug: found.organization.slug } as const;
  });
}

const rank = (role: MemberRole) => MEMBER_ROLES.indexOf(role);

/**
 * Changes a member's role, or removes them (`'removed'`). Re-checks the policy
 * inside the transaction with the organisation locked, so two admins demoting
 * each other at once cannot leave it without an admin.
 */
export async function changeMemberRole(ctx: RequestContext, loaded: Loaded, actorId: string, targetUserId: string, newRole: MemberRole | 'removed'): Promise<Outcome> {
  if (!loaded.can.manageMembers) throw forbidden();
  const actor = await ctx.actor();
  return ctx.services.db.transaction(async (tx) => {
    await q.lockOrganization(tx, loaded.org.id);
    const target = await q.findMembership(tx, loaded.org.id, targetUserId);
    if (!target) throw new Response('no such member', { status: 404 });
    const resource = { ...loaded.resource, adminCount: await q.countAdmins(tx, loaded.org.id) };
    if (!canChangeMemberRole(actor, resource, target, newRole)) return invalid({ role: fieldError('error.lastAdmin') }, 409);
    if (newRole === 'removed') await q.deleteMembership(tx, loaded.org.id, targetUserId);
    else await q.setMemberRole(tx, loaded.org.id, targetUserId, newRole);
    await recordRoleChange(tx, ctx, { scope: 'organization', targetId: loaded.org.id, actorUserId: actorId, userId: targetUserId, from: target.role, to: newRole });
    return { ok: true };
  });
}

export async function leaveOrganization(ctx: RequestContext, loaded: Loaded, userId: string): Promise<Outcome> {
  return ctx.services.db.transaction(async (tx) => {
    await q.lockOrganization(tx, loaded.org.id);
    const membership = await q.findMembership(tx, loaded.org.id, userId);
    if (!membership) throw forbidden();
    if (membership.role === 'admin' && (await q.countAdmins(tx, loaded.org.id)) <= 1) return invalid({ form: fieldError('org.lastAdmin') }, 409);
    await q.deleteMembership(tx, loaded.org.id, userId);
    await recordAudit(tx, { actorUserId: userId, action: 'organization.leave', targetType: 'organization', targetId: loaded.org.id, ip: ctx.ip });
    return { ok: true };
  });
}

export async function setOrganizationVerified(ctx: RequestContext, loaded: Loaded, actorId: string, verified: boolean): Promise<void> {
  if (!(verified ? loaded.can.verify : loaded.can.unverify)) throw forbidden();
  await ctx.services.db.transaction(async (tx) => {
    await q.setVerified(tx, loaded.org.id, verified ? actorId : null);
    await recordAudit(tx, { actorUserId: actorId, action: verified ? 'organization.verify' : 'organization.unverify', targetType: 'organization', targetId: loaded.org.id, ip: ctx.ip });
    await notify(tx, {
      recipients: await q.adminUserIds(tx, loaded.org.id),
      kind: 'organization_verification',
      groupId: null,
      actorId,
      messageKey: verified ? 'org.notice.verified' : 'org.notice.unverified',
      params: { org: loaded.org.name },
      url: `/organisationer/${loaded.org.slug}`,
    });
  });
  q.forgetOrganizations(); // after the commit: the home page lists verified organisations from the catalogue
}
