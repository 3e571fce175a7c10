import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupDecisions, groupMeetings, type GroupDecision } from '../schema/index.server.ts';

/** A group's decisions, newest first, with the meeting each was taken at (if any). */
export async function listGroupDecisions(db: Db, groupId: string) {
  return db
    .select({
      id: groupDecisions.id,
      text: groupDecisions.text,
      decidedOn: groupDecisions.decidedOn,
      meetingId: groupDecisions.meetingId,
      meetingTitle: groupMeetings.title,
      meetingStartsAt: groupMeetings.startsAt,
      createdAt: groupDecisions.createdAt,
    })
    .from(groupDecisions)
    .leftJoin(groupMeetings, eq(groupMeetings.id, groupDecisions.meetingId))
    .where(eq(groupDecisions.groupId, groupId))
    .orderBy(desc(groupDecisions.decidedOn), desc(groupDecisions.createdAt));
}

/** Decisions recorded at one meeting, in the order they were recorded. */
export async function listMeetingDecisions(db: Db, groupId: string, meetingId: string) {
  return db
    .select({ id: groupDecisions.id, text: groupDecisions.text, decidedOn: groupDecisions.decidedOn })
    .from(groupDecisions)
    .where(and(eq(groupDecisions.groupId, groupId), eq(groupDecisions.meetingId, meetingId)))
    .orderBy(groupDecisions.createdAt);
}

export async function getGroupDecision(db: Db, groupId: string, decisionId: string): Promise<GroupDecision | undefined> {
  const [row] = await db
    .select()
    .from(groupDecisions)
    .where(and(eq(groupDecisions.groupId, groupId), eq(groupDecisions.id, decisionId)))
    .limit(1);
  return row;
}

export async function insertGroupDecision(db: Db, values: Pick<typeof groupDecisions.$inferInsert, 'groupId' | 'meetingId' | 'text' | 'decidedOn' | 'createdBy'>): Promise<GroupDecision> {
  const [row] = await db.insert(groupDecisions).values(values).returning();
  return row!;
}
