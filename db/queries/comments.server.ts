import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { comments, memberships, users } from '../schema/index.server.ts';
import type { FollowedContentType } from '#app/vocabulary.ts';

export interface CommentedItemKey {
  type: FollowedContentType;
  id: string;
}

/** An item's comments that are not hidden, oldest first, with their authors' names. */
export async function listVisibleComments(db: Db, item: CommentedItemKey) {
  return db
    .select({ id: comments.id, authorId: comments.authorId, authorName: users.name, body: comments.body, createdAt: comments.createdAt, editedAt: comments.editedAt, hiddenAt: comments.hiddenAt })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.contentType, item.type), eq(comments.contentId, item.id), isNull(comments.hiddenAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** One comment of this item (hidden or not); undefined when the id belongs to another item. */
export async function findComment(db: Db, item: CommentedItemKey, id: string) {
  const [row] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.contentType, item.type), eq(comments.contentId, item.id)))
    .limit(1);
  return row;
}

export async function insertComment(db: Db, item: CommentedItemKey, authorId: string, body: string) {
  const [row] = await db.insert(comments).values({ contentType: item.type, contentId: item.id, authorId, body }).returning();
  return row!;
}

export async function updateCommentBody(db: Db, id: string, body: string): Promise<void> {
  await db.update(comments).set({ body, editedAt: new Date() }).where(eq(comments.id, id));
}

export async function deleteComment(db: Db, id: string): Promise<void> {
  await db.delete(comments).where(eq(comments.id, id));
}

/** Hides a comment that is not hidden yet; false when someone else hid it first. */
export async function hideComment(db: Db, id: string, by: string, reason: string): Promise<boolean> {
  const rows = await db
    .update(comments)
    .set({ hiddenAt: new Date(), hiddenBy: by, hiddenReason: reason })
    .where(and(eq(comments.id, id), isNull(comments.hiddenAt)))
    .returning({ id: comments.id });
  return rows.length > 0;
}

/** The editors and admins of an organisation: they answer questions on its work. */
export async function organizationEditorIds(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ['editor', 'admin'])));
  return rows.map((r) => r.userId);
}
