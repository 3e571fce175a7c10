/**
 * Following an area, theme, success factor or organisation: what a follow
 * may name, a page's follow button state, and telling followers of a newly
 * published piece through the notification machinery.
 */
import type { Db } from '#db/client.server.ts';
import { findArea } from '#db/queries/areas.server.ts';
import { actorsOf, claimFollowNotices, findFollowedPiece, followersOf, followingQuery, linkFollowNotices, type FollowedPiece, type FollowTarget } from '#db/queries/follows.server.ts';
import { organizations } from '#db/schema/index.server.ts';
import { FOLLOW_KINDS, SUCCESS_FACTORS, THEMES, type FollowedContentType, type FollowKind } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import { isUuid } from '../http/uuid.ts';
import { notify } from '../notifications/notify.server.ts';
import { canFollow, canReceiveFollowNotice, type Actor } from '../policy.ts';
import { eq } from 'drizzle-orm';
import { enqueueSearchFollowMatch, parseSavedSearchKey } from './saved-search.server.ts';

export type { FollowTarget };

const isFollowKind = (v: unknown): v is FollowKind => (FOLLOW_KINDS as readonly unknown[]).includes(v);

/** Whether a follow names something that exists and can be followed: a kommun or län, a theme, a factor, an organisation, a search. */
export async function isFollowable(db: Db, kind: unknown, key: unknown): Promise<boolean> {
  if (!isFollowKind(kind) || typeof key !== 'string' || key.length === 0) return false;
  // A saved search keeps its words (up to 200 characters, escaped) and filters; everything else is a code or an id.
  if (kind === 'search') return parseSavedSearchKey(key) !== null;
  if (key.length > 100) return false;
  switch (kind) {
    case 'area': {
      const area = await findArea(db, key);
      return area?.kind === 'municipality' || area?.kind === 'county';
    }
    case 'theme':
      return (THEMES as readonly string[]).includes(key);
    case 'success_factor':
      return (SUCCESS_FACTORS as readonly string[]).includes(key);
    case 'organization':
      return isUuid(key) && (await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, key)).limit(1)).length > 0;
  }
}

/** What a page's follow button needs: whether it shows at all, and whether the reader already follows. */
export async function followButtonState(ctx: RequestContext, target: FollowTarget) {
  const actor = await ctx.actor();
  const query = followButtonQuery(ctx.services.db, actor, target);
  return followButtonFrom(actor, target, query ? await query : []);
}

/** The select a follow button needs (whether the reader already follows), or null when the policy offers no button. */
export function followButtonQuery(db: Db, actor: Actor, target: FollowTarget) {
  return canFollow(actor) ? followingQuery(db, actor.userId!, target) : null;
}

/** The button's state from that select's rows (none when it was not sent). */
export function followButtonFrom(actor: Actor, target: FollowTarget, rows: unknown[]) {
  const allowed = canFollow(actor);
  return { target, signedIn: actor.userId !== null, canFollow: allowed, following: allowed && rows.length > 0 };
}
export type FollowButtonState = Awaited<ReturnType<typeof followButtonState>>;

/** Where each kind of published piece lives. */
export const PIECE_PATHS: Record<FollowedContentType, string> = { initiative: '/insatser', lesson: '/lardomar', snapshot: '/ogonblicksbilder' };

/**
 * Tells the followers of what a newly published piece concerns, inside the
 * publishing transaction: only those who may read it (asked of the policy
 * module now, and again when shown or mailed), never the publisher, and never
 * twice for the same piece (republishing, several matching follows).
 */
export async function notifyFollowers(tx: Db, piece: { type: FollowedContentType; id: string }, actorId: string): Promise<void> {
  const found = await findFollowedPiece(tx, piece.type, piece.id);
  if (!found || found.state !== 'published') return;
  await tellFollowers(tx, found, await followersOf(tx, found.targets), actorId);
  // Saved searches are matched by Meilisearch once the piece is in the index (saved-search.server.ts).
  await enqueueSearchFollowMatch(tx, { type: piece.type, id: piece.id, actorId });
}

/** Tells these followers of a published piece: those who may read it, not the publisher, each only once per piece. */
export async function tellFollowers(tx: Db, found: FollowedPiece, followers: string[], actorId: string): Promise<void> {
  const candidates = followers.filter((id) => id !== actorId);
  const readers = (await actorsOf(tx, candidates)).filter((a) => canReceiveFollowNotice(a, found)).map((a) => a.userId!);
  const recipients = await claimFollowNotices(tx, readers, found);
  const ids = await notify(tx, {
    recipients,
    kind: 'followed',
    groupId: null,
    actorId,
    messageKey: `notifications.followed.${found.type}`,
    params: { title: found.title },
    url: `${PIECE_PATHS[found.type]}/${found.slug}`,
  });
  await linkFollowNotices(tx, ids, found);
}
