/**
 * Email domains organisations claim (issue 17): an organisation's admin claims
 * `malmo.se`, a platform admin approves or rejects it, and from then on people
 * with a confirmed address on that domain join in one click, as members,
 * without a join request. A provider configured with `organizationSlug` opens
 * the same door to the people signed in through it. The rules are in
 * `policy.ts`; every claim, decision and join is audited.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import allProviders from 'email-providers/all.json' with { type: 'json' };
import { isUniqueViolation } from '#db/errors.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import * as q from '#db/queries/organizations.server.ts';
import { joinRequests, organizationDomains, organizations, userIdentities, users } from '#db/schema/index.server.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError } from '../forms/validation.ts';
import { forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { canClaimDomain, canDecideDomainClaim, directJoinRoute, emailDomain } from '../policy.ts';

/**
 * Public mail services nobody may claim: `email-providers` (some 8,700 free mail domains) knows the international
 * ones but not the Swedish operators' and Microsoft's Swedish addresses, which are most of what Swedish residents
 * use; those are added here.
 */
const SWEDISH_PUBLIC_MAIL_DOMAINS = [
  'live.se',
  'hotmail.se',
  'outlook.se',
  'msn.se',
  'telia.com',
  'telia.se',
  'bredband.net',
  'bredband2.com',
  'comhem.se',
  'tele2.se',
  'passagen.se',
  'bahnhof.se',
  'ownit.se',
  'glocalnet.net',
  'home.se',
  'swipnet.se',
  'tiscali.se',
  'algonet.se',
  'chello.se',
  'euromail.se',
];
const PUBLIC_MAIL_DOMAINS = new Set<string>([...(allProviders as string[]), ...SWEDISH_PUBLIC_MAIL_DOMAINS]);

export const isPublicMailDomain = (domain: string): boolean => PUBLIC_MAIL_DOMAINS.has(domain);

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** What an admin typed (`malmo.se`, `@malmo.se`, `Malmo.SE `) as a domain, or the field error for it. */
export function parseClaimedDomain(raw: FormDataEntryValue | null): { ok: true; domain: string } | { ok: false; key: 'error.required' | 'error.domain.invalid' | 'error.domain.public' } {
  const domain = typeof raw === 'string' ? raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '') : '';
  if (!domain) return { ok: false, key: 'error.required' };
  if (!DOMAIN_PATTERN.test(domain)) return { ok: false, key: 'error.domain.invalid' };
  if (isPublicMailDomain(domain)) return { ok: false, key: 'error.domain.public' };
  return { ok: true, domain };
}

/** An organisation's claims, newest first (its members page). */
export async function listOrganizationDomains(ctx: RequestContext, organizationId: string) {
  return ctx.services.db
    .select({ id: organizationDomains.id, domain: organizationDomains.domain, status: organizationDomains.status, createdAt: organizationDomains.createdAt, decidedAt: organizationDomains.decidedAt })
    .from(organizationDomains)
    .where(eq(organizationDomains.organizationId, organizationId))
    .orderBy(organizationDomains.domain, organizationDomains.createdAt);
}

/** The platform admins' queue: claims waiting for a decision, oldest first, with who asked. */
export async function listPendingDomainClaims(ctx: RequestContext) {
  return ctx.services.db
    .select({ id: organizationDomains.id, domain: organizationDomains.domain, createdAt: organizationDomains.createdAt, organization: { name: organizations.name, slug: organizations.slug, website: organizations.website }, claimedBy: users.name })
    .from(organizationDomains)
    .innerJoin(organizations, eq(organizations.id, organizationDomains.organizationId))
    .leftJoin(users, eq(users.id, organizationDomains.claimedBy))
    .where(eq(organizationDomains.status, 'pending'))
    .orderBy(organizationDomains.createdAt);
}

/** An organisation's admin claims a domain; it waits for a platform admin. One organisation per domain. */
export async function claimDomain(ctx: RequestContext, org: { id: string }, userId: string, formData: FormData): Promise<Outcome<{ domain: string }>> {
  if (!canClaimDomain(await ctx.actor(), org)) forbidden();
  const parsed = parseClaimedDomain(formData.get('domain'));
  if (!parsed.ok) return invalid({ domain: fieldError(parsed.key) });
  const { domain } = parsed;
  const { db } = ctx.services;
  const [holder] = await db
    .select({ organizationId: organizationDomains.organizationId })
    .from(organizationDomains)
    .where(and(eq(organizationDomains.domain, domain), ne(organizationDomains.status, 'rejected')));
  if (holder) return invalid({ domain: fieldError(holder.organizationId === org.id ? 'error.domain.alreadyClaimed' : 'error.domain.taken', { domain }) }, 409);
  try {
    await db.transaction(async (tx) => {
      const [claim] = await tx.insert(organizationDomains).values({ organizationId: org.id, domain, claimedBy: userId }).returning({ id: organizationDomains.id });
      await recordAudit(tx, { actorUserId: userId, action: 'organization.domain_claimed', targetType: 'organization', targetId: org.id, ip: ctx.ip, details: { domain, claimId: claim!.id } });
    });
  } catch (error) {
    // Claimed by someone else between the check and the insert: the partial unique index decides.
    if (isUniqueViolation(error)) return invalid({ domain: fieldError('error.domain.taken', { domain }) }, 409);
    throw error;
  }
  return { ok: true, domain };
}

/** A platform admin approves or rejects a pending claim. */
export async function decideDomainClaim(ctx: RequestContext, claimId: string, approve: boolean): Promise<void> {
  const actor = await ctx.actor();
  const { db } = ctx.services;
  const decided = await db.transaction(async (tx) => {
    const [claim] = await tx.select().from(organizationDomains).where(eq(organizationDomains.id, claimId)).for('update');
    if (!claim) notFound('no such domain claim');
    if (!canDecideDomainClaim(actor, claim)) return false;
    await tx
      .update(organizationDomains)
      .set({ status: approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: new Date() })
      .where(eq(organizationDomains.id, claim.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: approve ? 'organization.domain_approved' : 'organization.domain_rejected',
      targetType: 'organization',
      targetId: claim.organizationId,
      ip: ctx.ip,
      details: { domain: claim.domain, claimId: claim.id },
    });
    return true;
  });
  if (!decided) forbidden('not a pending claim, or not yours to decide');
}

export interface DirectJoinOffer {
  organizationId: string;
  slug: string;
  name: string;
  via: 'domain' | 'provider';
}

/**
 * The organisations the signed-in person may join in one click: those holding their address's domain, and those
 * a provider they have a linked sign-in with is configured for. Each passes through the policy's `directJoinRoute`.
 */
export async function directJoinOffers(ctx: RequestContext): Promise<DirectJoinOffer[]> {
  if (!ctx.auth) return [];
  const { user } = ctx.auth;
  const { db, config } = ctx.services;
  const actor = await ctx.actor();
  const identityProviderIds = (await db.select({ providerId: userIdentities.providerId }).from(userIdentities).where(eq(userIdentities.userId, user.id))).map((r) => r.providerId);
  const providerSlugs = config.OIDC_PROVIDERS.filter((p) => p.organizationSlug && identityProviderIds.includes(p.id)).map((p) => p.organizationSlug!);
  const byDomain = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizationDomains)
    .innerJoin(organizations, eq(organizations.id, organizationDomains.organizationId))
    .where(and(eq(organizationDomains.domain, emailDomain(user.email)), eq(organizationDomains.status, 'approved')));
  const byProvider = providerSlugs.length ? await db.select({ id: organizations.id, slug: organizations.slug, name: organizations.name }).from(organizations).where(inArray(organizations.slug, providerSlugs)) : [];
  const offers = new Map<string, DirectJoinOffer>();
  for (const org of [...byDomain, ...byProvider]) {
    if (offers.has(org.id)) continue;
    const route = directJoinRoute(
      actor,
      { id: org.id, approvedDomains: byDomain.some((d) => d.id === org.id) ? [emailDomain(user.email)] : [], providerIds: providersFor(ctx, org.slug) },
      { email: user.email, identityProviderIds },
    );
    if (route) offers.set(org.id, { organizationId: org.id, slug: org.slug, name: org.name, via: route.via });
  }
  return [...offers.values()];
}

const providersFor = (ctx: RequestContext, slug: string) => ctx.services.config.OIDC_PROVIDERS.filter((p) => p.organizationSlug === slug).map((p) => p.id);

/** Whether this person may join this organisation in one click, and by which route (the organisation page's button). */
export async function directJoinRouteFor(ctx: RequestContext, org: { id: string; slug: string }) {
  if (!ctx.auth) return null;
  const { user } = ctx.auth;
  const { db } = ctx.services;
  const [approved, identities] = await Promise.all([
    db
      .select({ domain: organizationDomains.domain })
      .from(organizationDomains)
      .where(and(eq(organizationDomains.organizationId, org.id), eq(organizationDomains.status, 'approved'))),
    db.select({ providerId: userIdentities.providerId }).from(userIdentities).where(eq(userIdentities.userId, user.id)),
  ]);
  return directJoinRoute(
    await ctx.actor(),
    { id: org.id, approvedDomains: approved.map((a) => a.domain), providerIds: providersFor(ctx, org.slug) },
    { email: user.email, identityProviderIds: identities.map((i) => i.providerId) },
  );
}

/** Joins in one click: a member at once, any join request of theirs withdrawn, audited with the route taken. */
export async function joinDirectly(ctx: RequestContext, org: { id: string; slug: string }): Promise<void> {
  const userId = ctx.auth!.user.id;
  // Decided before the transaction: the lookups run on the outer handle (see unlinkIdentity on PGlite).
  const route = await directJoinRouteFor(ctx, org);
  if (!route) forbidden('no one-click membership for this organisation');
  await ctx.services.db.transaction(async (tx) => {
    await q.addMembership(tx, { organizationId: org.id, userId, role: 'member' });
    await tx.delete(joinRequests).where(and(eq(joinRequests.organizationId, org.id), eq(joinRequests.userId, userId)));
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'organization.joined_directly',
      targetType: 'organization',
      targetId: org.id,
      ip: ctx.ip,
      details: route.via === 'domain' ? { via: 'domain', domain: route.domain } : { via: 'provider', provider: route.providerId },
    });
  });
}
