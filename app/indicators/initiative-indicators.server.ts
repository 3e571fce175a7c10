/**
 * What ties indicators to an initiative: the indicators it follows (chosen on
 * its page) and the snapshots attached to it as baseline or follow-up.
 * Attaching a snapshot also makes the initiative follow its indicators.
 */
import { z } from 'zod';
import { recordAudit } from '#db/queries/audit.server.ts';
import { listIndicators } from '#db/queries/indicators.server.ts';
import { findInitiativeBySlug } from '#db/queries/initiatives.server.ts';
import * as q from '#db/queries/snapshots.server.ts';
import { SNAPSHOT_ROLES } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import { forbidden, invalid } from '../http/guards.server.ts';
import { fieldError, parseForm, type FieldErrors } from '../forms/validation.ts';
import { canAttachSnapshot, canChooseFollowedIndicators, canDetachSnapshot, type ContentResource } from '../policy.ts';
import { MAX_SNAPSHOT_INDICATORS, snapshotResource, type LoadedSnapshot } from '../content/snapshots.server.ts';

export { FOLLOW_INDICATORS_INTENT } from '../components/initiative-indicators.tsx';

type Result = { ok: true } | { ok: false; status: number; errors: FieldErrors };

interface LoadedInitiative {
  initiative: { id: string; organizationId: string; state: ContentResource['state']; visibility: ContentResource['visibility']; groupId: string | null; hiddenAt: Date | null };
  organization: { verifiedAt: Date | null };
  actor: Parameters<typeof canChooseFollowedIndicators>[0];
}

const initiativeResource = (loaded: LoadedInitiative): ContentResource => ({
  organizationId: loaded.initiative.organizationId,
  organizationVerified: loaded.organization.verifiedAt !== null,
  state: loaded.initiative.state,
  visibility: loaded.initiative.visibility,
  groupId: loaded.initiative.groupId,
  hiddenAt: loaded.initiative.hiddenAt,
});

const FollowForm = z.object({
  indicatorCodes: z.array(z.string().max(100, 'error.snapshot.indicators.unknown')).max(MAX_SNAPSHOT_INDICATORS, 'error.snapshot.indicators.tooMany'),
});

/** Replaces the indicators an initiative follows; an empty choice follows none. */
export async function followIndicators(ctx: RequestContext, loaded: LoadedInitiative, userId: string, formData: FormData): Promise<Result> {
  if (!canChooseFollowedIndicators(loaded.actor, initiativeResource(loaded))) forbidden();
  const form = parseForm(FollowForm, formData, { arrays: ['indicatorCodes'] });
  if (!form.ok) return invalid(form.errors);
  const { db } = ctx.services;
  const codes = [...new Set(form.data.indicatorCodes)];
  const known = new Set((await listIndicators(db)).map((i) => i.code));
  if (codes.some((c) => !known.has(c))) return invalid({ indicatorCodes: fieldError('error.snapshot.indicators.unknown') });
  await db.transaction(async (tx) => {
    await q.setFollowedIndicators(tx, loaded.initiative.id, codes);
    await recordAudit(tx, { actorUserId: userId, action: 'initiative.indicators', targetType: 'initiative', targetId: loaded.initiative.id, ip: ctx.ip, details: { indicators: codes } });
  });
  return { ok: true };
}

async function findInitiative(ctx: RequestContext, slug: string) {
  const found = typeof slug === 'string' && slug !== '' ? await findInitiativeBySlug(ctx.services.db, slug) : undefined;
  if (!found) return null;
  return { ...found, actor: await ctx.actor() };
}

const AttachForm = z.object({
  initiative: z.string({ required_error: 'error.snapshot.initiative.required' }).trim().min(1, 'error.snapshot.initiative.required').max(200, 'error.initiative.unknown'),
  role: z.enum(SNAPSHOT_ROLES, { errorMap: () => ({ message: 'error.snapshot.role.invalid' }) }),
});

/** Attaches a snapshot to an initiative (or changes its role), and follows the snapshot's indicators, in one transaction. */
export async function attachSnapshotToInitiative(ctx: RequestContext, snapshot: LoadedSnapshot, userId: string, formData: FormData): Promise<Result & { initiativeSlug?: string }> {
  const form = parseForm(AttachForm, formData);
  if (!form.ok) return invalid(form.errors);
  const found = await findInitiative(ctx, form.data.initiative);
  const snapshotRes = snapshotResource({ ...snapshot.snapshot, organizationVerifiedAt: snapshot.organization.verifiedAt });
  // An initiative the actor may not attach to is answered like an unknown one.
  if (!found || !canAttachSnapshot(found.actor, initiativeResource(found), snapshotRes)) return invalid({ initiative: fieldError('error.initiative.unknown') });
  await ctx.services.db.transaction(async (tx) => {
    await q.attachSnapshot(tx, { initiativeId: found.initiative.id, snapshotId: snapshot.snapshot.id, role: form.data.role, userId });
    await recordAudit(tx, { actorUserId: userId, action: 'snapshot.attach', targetType: 'initiative', targetId: found.initiative.id, ip: ctx.ip, details: { snapshotId: snapshot.snapshot.id, role: form.data.role } });
  });
  return { ok: true, initiativeSlug: found.initiative.slug };
}

/** Detaches a snapshot; the followed indicators stay (the editor may still want them). */
export async function detachSnapshotFromInitiative(ctx: RequestContext, snapshotId: string, userId: string, initiativeSlug: string): Promise<Result> {
  const found = await findInitiative(ctx, initiativeSlug);
  if (!found || !canDetachSnapshot(found.actor, initiativeResource(found))) return invalid({ initiative: fieldError('error.initiative.unknown') }, 403);
  await ctx.services.db.transaction(async (tx) => {
    const gone = await q.detachSnapshot(tx, { initiativeId: found.initiative.id, snapshotId });
    if (gone) await recordAudit(tx, { actorUserId: userId, action: 'snapshot.detach', targetType: 'initiative', targetId: found.initiative.id, ip: ctx.ip, details: { snapshotId } });
  });
  return { ok: true };
}
