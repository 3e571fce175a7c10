/**
 * Calendar files for group meetings: one meeting as a download, and a
 * member's subscribable feed of all the group's meetings. Calendar apps cannot
 * sign in, so the feed is reached by a secret token (only its hash is stored)
 * and asks the policy on every request whether the token's owner is still a
 * member: leaving the group ends the subscription.
 */
import { listGroupMeetings, findCalendarToken, replaceCalendarToken, deleteCalendarToken } from '#db/queries/group-meetings.server.ts';
import { findGroupMember } from '#db/queries/group-membership.server.ts';
import { getGroupById } from '#db/queries/groups.server.ts';
import type { GroupMeeting } from '#db/schema/index.server.ts';
import { generateToken, hashToken } from '../auth/tokens.server.ts';
import type { Config } from '../config.server.ts';
import type { RequestContext } from '../context.server.ts';
import { slugify } from '../http/slug.ts';
import { groupPermissions, type Actor } from '../policy.ts';
import { loadGroupResource, type GroupAccess } from './access.server.ts';
import { assertAllowed } from '../http/guards.server.ts';
import { renderCalendar } from './icalendar.ts';
import { ICS_PRODID, meetingIcsEvent } from './meetings.server.ts';
import { stockholmParts } from '../i18n/stockholm-time.ts';

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

export function calendarFeedUrls(config: Pick<Config, 'publicUrl'>, slug: string, token: string) {
  const https = `${config.publicUrl}/grupper/${slug}/kalender/${token}`;
  return { url: https, webcal: https.replace(/^https?:/, 'webcal:') };
}

/** One meeting as an .ics download. */
export function meetingIcsResponse(config: Pick<Config, 'publicUrl'>, slug: string, meeting: GroupMeeting): Response {
  const body = renderCalendar({ prodId: ICS_PRODID, events: [meetingIcsEvent(config, slug, meeting)] });
  const filename = `${slugify(meeting.title)}-${stockholmParts(meeting.startsAt).date}.ics`;
  return new Response(body, {
    headers: {
      'Content-Type': CALENDAR_TYPE,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-cache',
    },
  });
}

/**
 * A new personal subscription URL for this member (any earlier one stops
 * working). Subscribing only reads, so it needs `viewContent`, not a write flag.
 */
export async function issueCalendarToken(ctx: RequestContext, access: GroupAccess, userId: string) {
  assertAllowed(access.can.viewContent);
  const token = generateToken();
  await replaceCalendarToken(ctx.services.db, { groupId: access.group.id, userId, tokenHash: hashToken(token) });
  return calendarFeedUrls(ctx.services.config, access.group.slug, token);
}

export async function revokeCalendarToken(ctx: RequestContext, access: GroupAccess, userId: string) {
  assertAllowed(access.can.viewContent);
  await deleteCalendarToken(ctx.services.db, access.group.id, userId);
}

const notFoundResponse = () => new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

/**
 * The feed for a token, or 404 when the token is unknown, belongs to another
 * group, or its owner may no longer read the group's content. Uses no
 * cookies or session: the token is the only credential.
 */
export async function calendarFeedResponse(ctx: RequestContext, slug: string, token: string): Promise<Response> {
  const { db, config } = ctx.services;
  if (!/^[a-z2-7]{16,64}$/.test(token)) return notFoundResponse();
  const found = await findCalendarToken(db, hashToken(token));
  if (!found) return notFoundResponse();
  const group = await getGroupById(db, found.groupId);
  if (!group || group.slug !== slug) return notFoundResponse();
  const membership = await findGroupMember(db, group.id, found.userId);
  const subscriber: Actor = { userId: found.userId, isPlatformAdmin: false, memberships: [], groupMemberships: membership ? [membership] : [], emailVerified: false };
  if (!groupPermissions(subscriber, await loadGroupResource(db, group)).viewContent) return notFoundResponse();

  const meetings = await listGroupMeetings(db, group.id);
  const body = renderCalendar({
    prodId: ICS_PRODID,
    name: group.name,
    refreshInterval: 'PT1H',
    events: meetings.map((m) => meetingIcsEvent(config, group.slug, m)),
  });
  return new Response(body, {
    headers: {
      'Content-Type': CALENDAR_TYPE,
      'Content-Disposition': `inline; filename="${slugify(group.name)}.ics"`,
      // Outlook and others poll; five minutes of private caching spares the database without hiding changes for long.
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex',
    },
  });
}
