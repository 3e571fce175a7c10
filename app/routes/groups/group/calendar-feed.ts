import type { LoaderFunctionArgs } from '@remix-run/node';
import { calendarFeedResponse } from '#app/groups/calendar.server.ts';

/**
 * A member's subscribable calendar of the group's meetings. Calendar apps
 * send no cookies, so the secret token in the URL is the only credential;
 * the session is deliberately not consulted.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return calendarFeedResponse(context, params.slug ?? '', params.token ?? '');
}
