import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupCalendarTokens, groupMeetings, type GroupMeeting } from '../schema/index.server.ts';

/** Every meeting of a group, earliest first (cancelled ones too: calendars need to hear about them). */
export async function listGroupMeetings(db: Db, groupId: string): Promise<GroupMeeting[]> {
  return db.select().from(groupMeetings).where(eq(groupMeetings.groupId, groupId)).orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.createdAt));
}

/** A meeting of this group, or undefined (also for a meeting of another group). */
export async function getGroupMeeting(db: Db, groupId: string, meetingId: string): Promise<GroupMeeting | undefined> {
  const [row] = await db
    .select()
    .from(groupMeetings)
    .where(and(eq(groupMeetings.groupId, groupId), eq(groupMeetings.id, meetingId)))
    .limit(1);
  return row;
}

export type NewGroupMeeting = Pick<typeof groupMeetings.$inferInsert, 'groupId' | 'title' | 'startsAt' | 'endsAt' | 'location' | 'videoUrl' | 'agenda' | 'createdBy'>;

export async function insertGroupMeeting(db: Db, values: NewGroupMeeting): Promise<GroupMeeting> {
  const [row] = await db.insert(groupMeetings).values(values).returning();
  return row!;
}

export type GroupMeetingPatch = Partial<Pick<GroupMeeting, 'title' | 'startsAt' | 'endsAt' | 'location' | 'videoUrl' | 'agenda' | 'minutes' | 'cancelledAt'>>;

/**
 * Changes a meeting that is not cancelled and bumps its iCalendar SEQUENCE,
 * so subscribed calendars take the new copy. Undefined when the meeting was
 * cancelled meanwhile (a cancelled meeting is final).
 */
export async function updateGroupMeeting(db: Db, meetingId: string, patch: GroupMeetingPatch): Promise<GroupMeeting | undefined> {
  const [row] = await db
    .update(groupMeetings)
    .set({ ...patch, sequence: sql`${groupMeetings.sequence} + 1`, updatedAt: new Date() })
    .where(and(eq(groupMeetings.id, meetingId), isNull(groupMeetings.cancelledAt)))
    .returning();
  return row;
}

// ---------------------------------------------------------------------------
// Calendar subscription tokens (only their hashes are stored)

export async function getCalendarSubscription(db: Db, groupId: string, userId: string): Promise<{ createdAt: Date } | undefined> {
  const [row] = await db
    .select({ createdAt: groupCalendarTokens.createdAt })
    .from(groupCalendarTokens)
    .where(and(eq(groupCalendarTokens.groupId, groupId), eq(groupCalendarTokens.userId, userId)))
    .limit(1);
  return row;
}

/** One token per member and group: a new one replaces (and so invalidates) the old one in a single statement. */
export async function replaceCalendarToken(db: Db, entry: { groupId: string; userId: string; tokenHash: string }): Promise<void> {
  await db
    .insert(groupCalendarTokens)
    .values(entry)
    .onConflictDoUpdate({ target: [groupCalendarTokens.groupId, groupCalendarTokens.userId], set: { tokenHash: entry.tokenHash, createdAt: new Date() } });
}

export async function deleteCalendarToken(db: Db, groupId: string, userId: string): Promise<void> {
  await db.delete(groupCalendarTokens).where(and(eq(groupCalendarTokens.groupId, groupId), eq(groupCalendarTokens.userId, userId)));
}

export async function findCalendarToken(db: Db, tokenHash: string): Promise<{ groupId: string; userId: string } | undefined> {
  const [row] = await db
    .select({ groupId: groupCalendarTokens.groupId, userId: groupCalendarTokens.userId })
    .from(groupCalendarTokens)
    .where(eq(groupCalendarTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}
