/**
 * The steps that membership of an organisation and membership of a working
 * group share: mailing a single-use invitation, revoking one, and the audit
 * lines of a join request answered and of a role changed. The use-cases stay in
 * their homes (`app/organizations/organizations.server.ts`,
 * `app/groups/membership.server.ts`) with their own rules; what the two kinds
 * of membership do alike is written once here.
 */
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { generateToken, hashToken } from '../auth/tokens.server.ts';
import type { RequestContext } from '../context.server.ts';
import { notFound } from '../http/guards.server.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { enqueueMail } from '../mail/mailer.server.ts';

/** Whose membership: the audit log's `targetType` and the first word of its actions (`organization.role_changed`). */
export type MembershipScope = 'organization' | 'group';

/**
 * Mails an invitation link whose token only this answer and the mail ever see
 * (the database keeps its hash): `prepare` (say, revoking older invitations),
 * the invitation row, the mail and the audit line land in one transaction.
 */
export async function mailInvitation(
  ctx: RequestContext,
  invitation: {
    to: string;
    lifetimeMs: number;
    /** The path of the link, from the token: `/inbjudan/<token>`. */
    path: (token: string) => string;
    subject: MessageKey;
    body: MessageKey;
    /** The mail's parameters beside `link`. */
    params: Record<string, string>;
    prepare?: (tx: Db) => Promise<unknown>;
    insert: (tx: Db, row: { tokenHash: string; expiresAt: Date }) => Promise<{ id: string }>;
    audit: { actorUserId: string; action: string; targetType: string; details: Record<string, unknown> };
  }
): Promise<string> {
  const token = generateToken();
  await ctx.services.db.transaction(async (tx) => {
    await invitation.prepare?.(tx);
    const row = await invitation.insert(tx, { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + invitation.lifetimeMs) });
    const params = { ...invitation.params, link: `${ctx.services.config.publicUrl}${invitation.path(token)}` };
    await enqueueMail(tx, { to: invitation.to, subject: translate(ctx.locale, invitation.subject, params), text: translate(ctx.locale, invitation.body, params) });
    await recordAudit(tx, { ...invitation.audit, targetId: row.id, ip: ctx.ip });
  });
  return token;
}

/** Revokes an open invitation and records who did; 404 when there is none by that id (or it is no longer open). */
export async function revokeInvitationWithAudit(
  ctx: RequestContext,
  revoke: (tx: Db) => Promise<boolean>,
  audit: { actorUserId: string; action: string; targetType: string; targetId: string }
): Promise<void> {
  const revoked = await ctx.services.db.transaction(async (tx) => {
    const ok = await revoke(tx);
    if (ok) await recordAudit(tx, { ...audit, ip: ctx.ip });
    return ok;
  });
  if (!revoked) notFound('no such invitation');
}

/** The audit line of a join request answered: `<scope>.join_approved`, or the refusal's own action name. */
export function recordJoinAnswer(
  tx: Db,
  ctx: RequestContext,
  answer: { scope: MembershipScope; targetId: string; actorUserId: string; applicantId: string; approve: boolean; refusedAction: 'join_rejected' | 'join_declined' }
): Promise<void> {
  return recordAudit(tx, {
    actorUserId: answer.actorUserId,
    action: `${answer.scope}.${answer.approve ? 'join_approved' : answer.refusedAction}`,
    targetType: answer.scope,
    targetId: answer.targetId,
    ip: ctx.ip,
    details: { userId: answer.applicantId },
  });
}

/** The audit line of a member's role changed, or of a member removed (`to: 'removed'`). */
export function recordRoleChange(
  tx: Db,
  ctx: RequestContext,
  change: { scope: MembershipScope; targetId: string; actorUserId: string; userId: string; from: string; to: string }
): Promise<void> {
  return recordAudit(tx, {
    actorUserId: change.actorUserId,
    action: `${change.scope}.${change.to === 'removed' ? 'member_removed' : 'role_changed'}`,
    targetType: change.scope,
    targetId: change.targetId,
    ip: ctx.ip,
    details: { userId: change.userId, from: change.from, to: change.to },
  });
}
