/**
 * The group's activity feed as lines a page can show: each entry's kind and
 * data become a subject (a title, a name) and a link. Entries are recorded by
 * whoever makes the change (recordGroupActivity); `data` carries `title`
 * (threads, meetings, action items, library), `text` (decisions) or `name`
 * (members, the group itself). Library entries are checked against the
 * policy again when shown: a title the reader may not read is not named.
 */
import { countGroupActivity, listGroupActivity } from '#db/queries/group-activity.server.ts';
import type { GroupActivityKind } from '#app/vocabulary.ts';
import type { Db } from '#db/client.server.ts';
import type { RequestContext } from '../context.server.ts';
import { readableLibrarySubjects } from './library.server.ts';
import { isUuid } from '../http/uuid.ts';

export const ACTIVITY_PER_PAGE = 30;
export const RECENT_ACTIVITY_COUNT = 5;

export interface ActivityEntry {
  id: number;
  kind: GroupActivityKind;
  /** Who acted; null once their account is gone. */
  actor: string | null;
  /** What the line is about (a title or a name); null when the reader may not see it. */
  subject: string | null;
  /** A path on this site, or null. */
  href: string | null;
  createdAt: string;
}


type Row = Awaited<ReturnType<typeof listGroupActivity>>[number];

/** Subject and link of a line, by kind (library entries are resolved separately). */
function describe(row: Row, base: string): { subject: string | null; href: string | null } {
  const d = row.data ?? {};
  switch (row.kind) {
    case 'thread_created':
    case 'reply_posted':
      return { subject: d.title ?? null, href: isUuid(row.subjectId) ? `${base}/diskussioner/${row.subjectId}` : `${base}/diskussioner` };
    case 'meeting_scheduled':
    case 'meeting_updated':
      return { subject: d.title ?? null, href: isUuid(row.subjectId) ? `${base}/moten/${row.subjectId}` : `${base}/moten` };
    case 'decision_recorded':
      return { subject: d.text ?? d.title ?? null, href: `${base}/beslut` };
    case 'action_created':
    case 'action_done':
      return { subject: d.title ?? null, href: `${base}/atgarder` };
    case 'member_joined':
    case 'member_left':
    case 'member_removed':
      return { subject: d.name ?? null, href: null };
    case 'group_created':
    case 'group_archived':
      return { subject: d.name ?? null, href: null };
    case 'library_added':
      return { subject: null, href: null };
  }
}

async function toEntries(ctx: RequestContext, groupSlug: string, rows: Row[]): Promise<ActivityEntry[]> {
  const base = `/grupper/${groupSlug}`;
  const library = await readableLibrarySubjects(
    ctx,
    rows.filter((r) => r.kind === 'library_added').map((r) => r.subjectId),
  );
  return rows.map((row) => {
    const seen = row.kind === 'library_added' ? library.get(row.subjectId ?? '') : undefined;
    const { subject, href } = row.kind === 'library_added' ? { subject: seen?.title ?? null, href: seen?.href ?? null } : describe(row, base);
    return { id: row.id, kind: row.kind, actor: row.actorName, subject, href, createdAt: row.createdAt.toISOString() };
  });
}

/** One page of the feed, newest first. Call after requireGroupContent: the feed is for members. */
export async function loadGroupActivity(ctx: RequestContext, group: { id: string; slug: string }, page: number) {
  const { db } = ctx.services;
  const [rows, total] = await Promise.all([
    listGroupActivity(db, group.id, { limit: ACTIVITY_PER_PAGE, offset: (page - 1) * ACTIVITY_PER_PAGE }),
    countGroupActivity(db, group.id),
  ]);
  return { entries: await toEntries(ctx, group.slug, rows), pages: Math.max(1, Math.ceil(total / ACTIVITY_PER_PAGE)) };
}

/**
 * The few newest lines, for the group's overview page (members only: call
 * it only when `can.viewContent`), shown with <RecentActivity>.
 */
/** The overview's newest entries: a select to fold into the page's one statement; recentActivityFrom reads its rows. */
export function recentActivityQuery(db: Db, groupId: string, count = RECENT_ACTIVITY_COUNT) {
  return listGroupActivity(db, groupId, { limit: count, offset: 0 });
}
export const recentActivityFrom = (ctx: RequestContext, group: { slug: string }, rows: Row[]) => toEntries(ctx, group.slug, rows);
