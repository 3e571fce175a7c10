/** Recording a group's decisions, optionally tied to the meeting where they were taken. */
import { z } from 'zod';
import { getGroupMeeting } from '#db/queries/group-meetings.server.ts';
import { insertGroupDecision } from '#db/queries/group-decisions.server.ts';
import { groupMemberIds } from '#db/queries/group-membership.server.ts';
import { recordGroupActivity } from '#db/queries/groups.server.ts';
import type { SessionUser } from '../auth/session.server.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError, optionalDate, parseForm, requiredText } from '../forms/validation.ts';
import { notify } from '../notifications/notify.server.ts';
import { type GroupAccess } from './access.server.ts';
import { assertAllowed, type Outcome } from '../http/guards.server.ts';
import { DECISION_MAX } from './limits.ts';
import { isUuid } from '../http/uuid.ts';

export const decisionsPath = (slug: string) => `/grupper/${slug}/beslut`;

export const DecisionForm = z.object({
  text: requiredText(DECISION_MAX),
  decidedOn: optionalDate.refine((v): v is string => v !== null, 'error.required'),
  meetingId: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null),
});

/** A short version of a decision for notification lines. */
const excerpt = (text: string, max = 140) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

export async function recordDecision(ctx: RequestContext, access: GroupAccess, user: SessionUser, formData: FormData): Promise<Outcome<{ decisionId: string }>> {
  assertAllowed(access.can.recordDecisions);
  const form = parseForm(DecisionForm, formData);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors };
  const v = form.data;
  const { db } = ctx.services;
  // Only this group's meetings: an id from another group is as unknown as a made-up one.
  if (v.meetingId !== null && !(isUuid(v.meetingId) && (await getGroupMeeting(db, access.group.id, v.meetingId)))) {
    return { ok: false, status: 400, errors: { meetingId: fieldError('error.decision.meeting') } };
  }
  const decision = await db.transaction(async (tx) => {
    const row = await insertGroupDecision(tx, { groupId: access.group.id, meetingId: v.meetingId, text: v.text, decidedOn: v.decidedOn, createdBy: user.id });
    await recordGroupActivity(tx, { groupId: access.group.id, actorId: user.id, kind: 'decision_recorded', subjectId: row.id, data: { text: excerpt(row.text) } });
    await notify(tx, {
      recipients: await groupMemberIds(tx, access.group.id),
      kind: 'decision',
      groupId: access.group.id,
      actorId: user.id,
      messageKey: 'groupDecision.notice.recorded',
      params: { actor: user.name, group: access.group.name, text: excerpt(row.text), date: row.decidedOn },
      url: `${decisionsPath(access.group.slug)}#beslut-${row.id}`,
    });
    return row;
  });
  return { ok: true, decisionId: decision.id };
}
