import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { meetingIcsResponse } from '#app/groups/calendar.server.ts';
import { loadGroupMeeting } from '#app/groups/meetings.server.ts';

/** One meeting as an iCalendar file, for members only (like the meeting page). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireGroupContent(request, context, params.slug);
  const meeting = await loadGroupMeeting(context, access, params.meetingId);
  return meetingIcsResponse(context.services.config, access.group.slug, meeting);
}
