import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { attachments, contentRevisions, type Attachment } from '../schema/index.server.ts';

export type ContentType = 'initiative' | 'lesson';

export async function insertRevision(
  db: Db,
  input: { contentType: ContentType; contentId: string; version: number; snapshot: object; action: string; authorId: string | null },
): Promise<void> {
  await db.insert(contentRevisions).values({ ...input, snapshot: input.snapshot as Record<string, unknown> });
}

export async function listRevisions(db: Db, contentType: ContentType, contentId: string) {
  return db
    .select({
      version: contentRevisions.version,
      action: contentRevisions.action,
      createdAt: contentRevisions.createdAt,
      authorName: sql<string | null>`(select name from users u where u.id = ${contentRevisions.authorId})`,
    })
    .from(contentRevisions)
    .where(and(eq(contentRevisions.contentType, contentType), eq(contentRevisions.contentId, contentId)))
    .orderBy(desc(contentRevisions.version));
}

export async function getRevisions(db: Db, contentType: ContentType, contentId: string, versions: number[]) {
  return db
    .select()
    .from(contentRevisions)
    .where(and(eq(contentRevisions.contentType, contentType), eq(contentRevisions.contentId, contentId), inArray(contentRevisions.version, versions)));
}

export async function listAttachments(db: Db, contentType: ContentType, contentId: string): Promise<Attachment[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.contentType, contentType), eq(attachments.contentId, contentId)))
    .orderBy(asc(attachments.createdAt));
}

export async function insertAttachment(db: Db, input: typeof attachments.$inferInsert): Promise<Attachment> {
  const [row] = await db.insert(attachments).values(input).returning();
  return row!;
}

export async function findAttachment(db: Db, id: string): Promise<Attachment | undefined> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id)).limit(1);
  return row;
}

export async function deleteAttachment(db: Db, id: string): Promise<void> {
  await db.delete(attachments).where(eq(attachments.id, id));
}
