/**
 * Group meetings: scheduling, changing details, minutes and cancelling. Times
 * come in as Stockholm wall-clock date and times and are stored as instants.
 * Every change bumps the meeting's SEQUENCE (in the query), tells the members
 * and lands in the activity feed, all in one transaction.
 */
import { z } from 'zod';
import { groupMemberIds } from '#db/queries/group-membership.server.ts';
import { recordGroupActivity } from '#db/queries/groups.server.ts';
import { getGroupMeeting, insertGroupMeeting, updateGroupMeeting, type GroupMeetingPatch } from '#db/queries/group-meetings.server.ts';
import type { Db } from '#db/client.server.ts';
import type { GroupMeeting } from '#db/schema/index.server.ts';
import type { SessionUser } from '../auth/session.server.ts';
import type { Config } from '../config.server.ts';
import { notFound, type RequestContext } from '../context.server.ts';
import type { MeetingFormValues } from '../components/meeting-form.tsx';
import { richTextField, richTextToRedisplay } from '../content/publishing.server.ts';
import { fieldError, optionalDate, optionalText, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { notify } from '../notifications/notify.server.ts';
import { isRichTextEmpty, richTextToPlainText, type RichTextDoc } from '../rich-text/document.server.ts';
import { type GroupAccess } from './access.server.ts';
import { assertAllowed, invalid, type Outcome } from '../http/guards.server.ts';
import type { IcsEvent } from './icalendar.ts';
import { MEETING_LOCATION_MAX, MEETING_TITLE_MAX, VIDEO_URL_MAX } from './limits.ts';
import { isTimeOfDay, neutralStockholmTime, stockholmToUtc } from '../i18n/stockholm-time.ts';
import { isUuid } from '../http/uuid.ts';
import { isMeetingChangeable } from '../policy.ts';

export const meetingPath = (slug: string, meetingId: string) => `/grupper/${slug}/moten/${meetingId}`;


/** A meeting of this group, or 404 (a malformed id or another group's meeting alike). */
export async function loadGroupMeeting(ctx: RequestContext, access: GroupAccess, meetingId: string | undefined): Promise<GroupMeeting> {
  if (!isUuid(meetingId)) notFound();
  const meeting = await getGroupMeeting(ctx.services.db, access.group.id, meetingId);
  if (!meeting) notFound();
  return meeting;
}

// ---------------------------------------------------------------------------
// The form

const requiredDate = optionalDate.refine((v): v is string => v !== null, 'error.required');
const timeOfDay = z
  .string({ required_error: 'error.required', invalid_type_error: 'error.required' })
  .trim()
  .min(1, 'error.required')
  .refine(isTimeOfDay, 'error.meeting.time');

function isHttpsUrl(v: string): boolean {
  if (/\s/.test(v)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
}

const videoUrl = z
  .string()
  .trim()
  .max(VIDEO_URL_MAX, 'error.tooLong')
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isHttpsUrl(v), 'error.meeting.videoUrl');

export const MeetingForm = z.object({
  title: requiredText(MEETING_TITLE_MAX),
  date: requiredDate,
  startTime: timeOfDay,
  endTime: timeOfDay,
  location: optionalText(MEETING_LOCATION_MAX),
  videoUrl,
});

export interface MeetingFields {
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  videoUrl: string | null;
  agenda: RichTextDoc;
}

/** What the reader typed, as it goes back into the form when it has errors. */
export const meetingFormValues = (formData: FormData): MeetingFormValues => ({
  title: String(formData.get('title') ?? ''),
  date: String(formData.get('date') ?? ''),
  startTime: String(formData.get('startTime') ?? ''),
  endTime: String(formData.get('endTime') ?? ''),
  location: String(formData.get('location') ?? ''),
  videoUrl: String(formData.get('videoUrl') ?? ''),
  agenda: richTextToRedisplay(formData, 'agenda'),
});

/**
 * Reads and checks the meeting form. Every problem comes back at once, each on
 * its own field: the times are checked whenever date and times are readable,
 * even if another field (say the link) is wrong.
 */
export function readMeetingFields(formData: FormData): { ok: true; fields: MeetingFields } | { ok: false; errors: FieldErrors } {
  const form = parseForm(MeetingForm, formData);
  const agenda = richTextField(formData, 'agenda');
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (!agenda.ok) errors.agenda = agenda.error;

  const raw = (name: string) => String(formData.get(name) ?? '').trim();
  const date = raw('date');
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (!errors.date && !errors.startTime) {
    startsAt = stockholmToUtc(date, raw('startTime'));
    if (!startsAt) errors.startTime = fieldError('error.meeting.timeGap');
  }
  if (!errors.date && !errors.endTime) {
    endsAt = stockholmToUtc(date, raw('endTime'));
    if (!endsAt) errors.endTime = fieldError('error.meeting.timeGap');
  }
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) errors.endTime = fieldError('error.meeting.endBeforeStart');
  if (!errors.location && !errors.videoUrl && !raw('location') && !raw('videoUrl')) errors.location = fieldError('error.meeting.placeOrLink');

  if (!form.ok || !agenda.ok || !startsAt || !endsAt || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = form.data;
  return { ok: true, fields: { title: v.title, startsAt, endsAt, location: v.location || null, videoUrl: v.videoUrl, agenda: agenda.doc } };
}

// ---------------------------------------------------------------------------
// Writes

/** Tells every current member (except the actor) about a meeting. */
async function notifyMembers(tx: Db, access: GroupAccess, user: SessionUser, meeting: GroupMeeting, messageKey: MessageKey) {
  await notify(tx, {
    recipients: await groupMemberIds(tx, access.group.id),
    kind: 'meeting',
    groupId: access.group.id,
    actorId: user.id,
    messageKey,
    params: { actor: user.name, group: access.group.name, title: meeting.title, when: neutralStockholmTime(meeting.startsAt) },
    url: meetingPath(access.group.slug, meeting.id),
  });
}

export async function scheduleMeeting(ctx: RequestContext, access: GroupAccess, user: SessionUser, formData: FormData): Promise<Outcome<{ meetingId: string }>> {
  assertAllowed(access.can.scheduleMeetings);
  const read = readMeetingFields(formData);
  if (!read.ok) return invalid(read.errors);
  const meeting = await ctx.services.db.transaction(async (tx) => {
    const row = await insertGroupMeeting(tx, { groupId: access.group.id, createdBy: user.id, ...read.fields });
    await recordGroupActivity(tx, { groupId: access.group.id, actorId: user.id, kind: 'meeting_scheduled', subjectId: row.id, data: { title: row.title } });
    await notifyMembers(tx, access, user, row, 'groupMeeting.notice.scheduled');
    return row;
  });
  return { ok: true, meetingId: meeting.id };
}

/** A cancelled meeting can no longer be changed (the rule is `isMeetingChangeable`); saying so is a conflict. */
const cancelledError = () => invalid({ form: fieldError('error.meeting.cancelled') }, 409);
const assertNotCancelled = (meeting: GroupMeeting) => (isMeetingChangeable(meeting) ? null : cancelledError());

/** One change: the meeting (unless cancelled meanwhile), its activity line and the members' notices, together. */
async function change(ctx: RequestContext, access: GroupAccess, user: SessionUser, meeting: GroupMeeting, patch: GroupMeetingPatch, messageKey: MessageKey | null): Promise<Outcome> {
  const changed = await ctx.services.db.transaction(async (tx) => {
    const row = await updateGroupMeeting(tx, meeting.id, patch);
    if (!row) return false;
    await recordGroupActivity(tx, { groupId: access.group.id, actorId: user.id, kind: 'meeting_updated', subjectId: row.id, data: { title: row.title } });
    if (messageKey) await notifyMembers(tx, access, user, row, messageKey);
    return true;
  });
  return changed ? { ok: true } : cancelledError();
}

export async function updateMeetingDetails(ctx: RequestContext, access: GroupAccess, user: SessionUser, meeting: GroupMeeting, formData: FormData): Promise<Outcome> {
  assertAllowed(access.can.scheduleMeetings);
  const cancelled = assertNotCancelled(meeting);
  if (cancelled) return cancelled;
  const read = readMeetingFields(formData);
  if (!read.ok) return invalid(read.errors);
  return change(ctx, access, user, meeting, read.fields, 'groupMeeting.notice.updated');
}

export async function saveMinutes(ctx: RequestContext, access: GroupAccess, user: SessionUser, meeting: GroupMeeting, formData: FormData): Promise<Outcome> {
  assertAllowed(access.can.scheduleMeetings);
  const cancelled = assertNotCancelled(meeting);
  if (cancelled) return cancelled;
  const minutes = richTextField(formData, 'minutes');
  if (!minutes.ok) return invalid({ minutes: minutes.error });
  const empty = isRichTextEmpty(minutes.doc);
  return change(ctx, access, user, meeting, { minutes: empty ? null : minutes.doc }, empty ? null : 'groupMeeting.notice.minutes');
}

export async function cancelMeeting(ctx: RequestContext, access: GroupAccess, user: SessionUser, meeting: GroupMeeting): Promise<Outcome> {
  assertAllowed(access.can.scheduleMeetings);
  const cancelled = assertNotCancelled(meeting);
  if (cancelled) return cancelled;
  return change(ctx, access, user, meeting, { cancelledAt: new Date() }, 'groupMeeting.notice.cancelled');
}

// ---------------------------------------------------------------------------
// iCalendar

export const ICS_PRODID = '-//Samverka//Arbetsgrupper//SV';

/** The calendar event for a meeting: UID stable across changes (meeting id @ this site's host). */
export function meetingIcsEvent(config: Pick<Config, 'publicUrl'>, slug: string, meeting: GroupMeeting): IcsEvent {
  const host = new URL(config.publicUrl).hostname;
  return {
    uid: `${meeting.id}@${host}`,
    dtstamp: meeting.updatedAt,
    created: meeting.createdAt,
    lastModified: meeting.updatedAt,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: meeting.title,
    location: meeting.location,
    url: meeting.videoUrl ?? `${config.publicUrl}${meetingPath(slug, meeting.id)}`,
    description: richTextToPlainText(meeting.agenda).trim() || null,
    sequence: meeting.sequence,
    cancelled: meeting.cancelledAt !== null,
  };
}
