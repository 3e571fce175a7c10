import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { auditLog } from '../schema/index.server.ts';

export interface AuditInput {
  actorUserId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

/** How often an action was recorded against one target since `since` (for throttling the mail it sends). */
export async function countAuditSince(db: Db, input: { action: string; targetId: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.action, input.action), eq(auditLog.targetId, input.targetId), gt(auditLog.createdAt, input.since)));
  return row?.n ?? 0;
}
