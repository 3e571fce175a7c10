/**
 * Single sign-on use-cases (issue 17): start a sign-in (or a link) at a
 * provider, finish it on the callback, finish a pending link after a password
 * sign-in, unlink. The protocol itself is in `auth/oidc.server.ts`; the rules
 * in `policy.ts`. Every failure writes nothing but the removal of the
 * one-time state it used.
 */
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { findUserByEmail, findUserById, insertUser } from '#db/queries/accounts.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { ssoLoginStates, ssoPendingLinks, userIdentities, users } from '#db/schema/index.server.ts';
import type { OidcProviderConfig } from '../config.server.ts';
import type { RequestContext } from '../context.server.ts';
import { buildAuthorization, discover, exchangeCode, type SsoFailure } from '../auth/oidc.server.ts';
import { createSession, sessionCookie } from '../auth/session.server.ts';
import { generateToken, hashToken } from '../auth/tokens.server.ts';
import { translate } from '../i18n/index.ts';
import { enqueueMail } from '../mail/mailer.server.ts';
import { canUnlinkIdentity, ownerProofRequired, ssoAccountRefusal } from '../policy.ts';

export const SSO_STATE_COOKIE = 'samverka_sso_state';
export const SSO_LINK_COOKIE = 'samverka_sso_link';
const STATE_LIFETIME_MS = 10 * 60 * 1000;
const PENDING_LINK_LIFETIME_MS = 30 * 60 * 1000;

export const ssoStartPath = (providerId: string) => `/logga-in/sso/${providerId}`;
export const ssoCallbackPath = (providerId: string) => `/logga-in/sso/${providerId}/callback`;

export function findProvider(ctx: RequestContext, providerId: string): OidcProviderConfig | undefined {
  return ctx.services.config.OIDC_PROVIDERS.find((p) => p.id === providerId);
}

export interface ProviderButton {
  id: string;
  label: { sv: string; en: string };
  available: boolean;
}

/** The sign-in and sign-up pages' buttons: one per provider, marked unavailable while its discovery fails. */
export async function providerButtons(ctx: RequestContext): Promise<ProviderButton[]> {
  return Promise.all(ctx.services.config.OIDC_PROVIDERS.map(async (p) => ({ id: p.id, label: p.label, available: (await discover(p)) !== null })));
}

function cookie(ctx: RequestContext, name: string, value: string, path: string, maxAgeSeconds: number): string {
  return [`${name}=${value}`, `Path=${path}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ctx.services.config.secureCookies ? 'Secure' : ''].filter(Boolean).join('; ');
}

export const clearStateCookie = (ctx: RequestContext) => cookie(ctx, SSO_STATE_COOKIE, '', '/logga-in/sso', 0);
export const clearLinkCookie = (ctx: RequestContext) => cookie(ctx, SSO_LINK_COOKIE, '', '/', 0);

/**
 * Sends the browser to the provider. The state's row keeps the PKCE verifier
 * and nonce server-side; the state also goes into a short-lived cookie, so
 * the callback only works in the browser that started it (no login CSRF).
 */
export async function startSso(
  ctx: RequestContext,
  provider: OidcProviderConfig,
  opts: { redirectTo: string; linkUserId: string | null },
): Promise<{ ok: true; url: string; cookie: string } | { ok: false; failure: 'unavailable' }> {
  const config = await discover(provider);
  if (!config) return { ok: false, failure: 'unavailable' };
  const start = await buildAuthorization(config, provider, ctx.services.config.publicUrl + ssoCallbackPath(provider.id));
  const { db } = ctx.services;
  await db.delete(ssoLoginStates).where(lt(ssoLoginStates.expiresAt, new Date()));
  await db.insert(ssoLoginStates).values({
    stateHash: hashToken(start.state),
    providerId: provider.id,
    codeVerifier: start.codeVerifier,
    nonce: start.nonce,
    redirectTo: opts.redirectTo,
    linkUserId: opts.linkUserId,
    expiresAt: new Date(Date.now() + STATE_LIFETIME_MS),
  });
  return { ok: true, url: start.url, cookie: cookie(ctx, SSO_STATE_COOKIE, start.state, '/logga-in/sso', STATE_LIFETIME_MS / 1000) };
}

export type SsoOutcome =
  | { kind: 'signedIn'; cookie: string; redirectTo: string }
  | { kind: 'linked' }
  | { kind: 'pendingLink'; cookie: string }
  | { kind: 'failed'; failure: SsoFailure; linking: boolean };

/** The callback: checks state against the cookie, uses it up, exchanges the code and decides what the identity means. */
export async function finishSso(ctx: RequestContext, provider: OidcProviderConfig, callbackUrl: URL, stateCookie: string | undefined): Promise<SsoOutcome> {
  const { db } = ctx.services;
  const state = callbackUrl.searchParams.get('state');
  if (!state || !stateCookie || state !== stateCookie) return { kind: 'failed', failure: callbackUrl.searchParams.get('error') === 'access_denied' ? 'cancelled' : 'badState', linking: false };
  // Used up whatever happens next: a replayed callback (the same code again) finds nothing.
  const [started] = await db.delete(ssoLoginStates).where(eq(ssoLoginStates.stateHash, hashToken(state))).returning();
  if (!started || started.providerId !== provider.id || started.expiresAt <= new Date()) return { kind: 'failed', failure: 'badState', linking: false };
  const linking = started.linkUserId !== null;
  const fail = (failure: SsoFailure): SsoOutcome => ({ kind: 'failed', failure, linking });
  if (linking && ctx.auth?.user.id !== started.linkUserId) return fail('badState');

  const config = await discover(provider);
  if (!config) return fail('unavailable');
  const exchanged = await exchangeCode(config, callbackUrl, { state, nonce: started.nonce, codeVerifier: started.codeVerifier });
  if (!exchanged.ok) return fail(exchanged.failure);
  const { claims } = exchanged;
  const existing = await findIdentity(db, provider.id, claims.subject);

  if (linking) {
    const userId = started.linkUserId!;
    if (existing && existing.userId !== userId) return fail('identityTaken');
    await db.transaction(async (tx) => {
      if (existing) await tx.update(userIdentities).set({ email: claims.email, lastUsedAt: new Date() }).where(eq(userIdentities.id, existing.id));
      else await tx.insert(userIdentities).values({ userId, providerId: provider.id, subject: claims.subject, email: claims.email, lastUsedAt: new Date() });
      await recordAudit(tx, { actorUserId: userId, action: 'user.sso_linked', targetType: 'user', targetId: userId, ip: ctx.ip, details: { provider: provider.id } });
    });
    return { kind: 'linked' };
  }

  if (existing) {
    await db.update(userIdentities).set({ email: claims.email ?? existing.email, lastUsedAt: new Date() }).where(eq(userIdentities.id, existing.id));
    return signedIn(ctx, existing.userId, provider, claims, started.redirectTo);
  }

  const refusal = ssoAccountRefusal(claims, provider);
  if (refusal === 'noEmail') return fail(refusal);
  const email = claims.email!;
  // An account with this address already: offered a link that its password must confirm. The password is the proof
  // here, so this holds even where the provider does not vouch for the address (Entra ID sends no email_verified).
  let owner = await findUserByEmail(db, email);
  if (!owner) {
    if (refusal) return fail(refusal);
    const created = await db.transaction(async (tx) => {
      const user = await insertUser(tx, { name: claims.name ?? email.slice(0, email.indexOf('@')), email, passwordHash: null, emailVerifiedAt: new Date() });
      // Taken between the lookup and here: handled as an existing account below.
      if (!user) return null;
      await tx.insert(userIdentities).values({ userId: user.id, providerId: provider.id, subject: claims.subject, email, lastUsedAt: new Date() });
      await recordAudit(tx, { actorUserId: user.id, action: 'user.sign_up', targetType: 'user', targetId: user.id, ip: ctx.ip, details: { provider: provider.id } });
      return user;
    });
    if (created) return signedIn(ctx, created.id, provider, claims, started.redirectTo);
    owner = await findUserByEmail(db, email);
    if (!owner) return fail('badState');
  }
  const token = generateToken();
  await db.transaction(async (tx) => {
    await tx.delete(ssoPendingLinks).where(lt(ssoPendingLinks.expiresAt, new Date()));
    await tx.insert(ssoPendingLinks).values({ tokenHash: hashToken(token), userId: owner.id, providerId: provider.id, subject: claims.subject, email, acr: claims.acr, expiresAt: new Date(Date.now() + PENDING_LINK_LIFETIME_MS) });
  });
  return { kind: 'pendingLink', cookie: cookie(ctx, SSO_LINK_COOKIE, token, '/', PENDING_LINK_LIFETIME_MS / 1000) };
}

async function signedIn(ctx: RequestContext, userId: string, provider: OidcProviderConfig, claims: { acr: string | null; idToken?: string | null }, redirectTo: string): Promise<SsoOutcome> {
  const { db } = ctx.services;
  const { acr } = claims;
  const { token, session } = await createSession(db, userId, { providerId: provider.id, acr, idToken: claims.idToken ?? null });
  await recordAudit(db, { actorUserId: userId, action: 'user.sign_in', targetType: 'user', targetId: userId, ip: ctx.ip, details: { provider: provider.id, acr } });
  return { kind: 'signedIn', cookie: sessionCookie(token, session.expiresAt, ctx.services.config.secureCookies), redirectTo };
}

async function findIdentity(db: Db, providerId: string, subject: string) {
  const [row] = await db.select().from(userIdentities).where(and(eq(userIdentities.providerId, providerId), eq(userIdentities.subject, subject))).limit(1);
  return row;
}

/** The pending link this browser holds, if it is still valid (for the sign-in page's notice). */
export async function pendingLink(ctx: RequestContext, token: string | undefined) {
  if (!token) return null;
  const [row] = await ctx.services.db
    .select({ providerId: ssoPendingLinks.providerId, email: ssoPendingLinks.email })
    .from(ssoPendingLinks)
    .where(and(eq(ssoPendingLinks.tokenHash, hashToken(token)), gt(ssoPendingLinks.expiresAt, new Date())));
  return row ?? null;
}

/**
 * After a password sign-in: the pending link is made when it was for this
 * very account (the password proved the person owns the address). Used up
 * either way. Returns the provider linked, or null.
 */
export async function completePendingLink(ctx: RequestContext, userId: string, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  return ctx.services.db.transaction(async (tx) => {
    const [row] = await tx.delete(ssoPendingLinks).where(eq(ssoPendingLinks.tokenHash, hashToken(token))).returning();
    if (!row || row.userId !== userId || row.expiresAt <= new Date()) return null;
    const inserted = await tx
      .insert(userIdentities)
      .values({ userId, providerId: row.providerId, subject: row.subject, email: row.email, lastUsedAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: userIdentities.id });
    if (!inserted.length) return null;
    await recordAudit(tx, { actorUserId: userId, action: 'user.sso_linked', targetType: 'user', targetId: userId, ip: ctx.ip, details: { provider: row.providerId, afterPassword: true } });
    return row.providerId;
  });
}

/** The account page's list: each linked identity with its provider's label (a provider since removed from the configuration keeps its id). */
export async function linkedIdentities(ctx: RequestContext, userId: string) {
  const rows = await ctx.services.db
    .select({ id: userIdentities.id, providerId: userIdentities.providerId, email: userIdentities.email, linkedAt: userIdentities.linkedAt, lastUsedAt: userIdentities.lastUsedAt })
    .from(userIdentities)
    .where(eq(userIdentities.userId, userId))
    .orderBy(userIdentities.linkedAt);
  return rows.map((r) => ({ ...r, label: findProvider(ctx, r.providerId)?.label ?? { sv: r.providerId, en: r.providerId } }));
}

export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ has: sql<boolean>`${users.passwordHash} is not null` }).from(users).where(eq(users.id, userId));
  return row?.has ?? false;
}

/** Unlinks one identity of the signed-in account, unless it is the last way in. */
export async function unlinkIdentity(ctx: RequestContext, identityId: string): Promise<'unlinked' | 'lastWayIn' | 'notFound'> {
  const userId = ctx.auth!.user.id;
  const { db } = ctx.services;
  // Loaded before the transaction: the actor is read through the outer `db`, and on PGlite (one connection, which the
  // transaction holds until it ends) a query on `db` inside `db.transaction` waits for ever.
  const actor = await ctx.actor();
  return db.transaction(async (tx) => {
    // Locks the account's identities so two unlinks at once cannot both pass the count.
    const identities = await tx.select({ id: userIdentities.id, userId: userIdentities.userId, providerId: userIdentities.providerId }).from(userIdentities).where(eq(userIdentities.userId, userId)).for('update');
    const identity = identities.find((i) => i.id === identityId);
    if (!identity) return 'notFound';
    const user = await findUserById(tx, userId);
    if (!canUnlinkIdentity(actor, { userId, hasPassword: user?.passwordHash != null, identityCount: identities.length }, identity)) return 'lastWayIn';
    await tx.delete(userIdentities).where(eq(userIdentities.id, identity.id));
    await recordAudit(tx, { actorUserId: userId, action: 'user.sso_unlinked', targetType: 'user', targetId: userId, ip: ctx.ip, details: { provider: identity.providerId } });
    return 'unlinked';
  });
}

export type DeletionProof =
  | { kind: 'password' }
  | { kind: 'freshSignIn'; provider: { sv: string; en: string } }
  | { kind: 'reauthenticate'; providers: { id: string; label: { sv: string; en: string } }[] };

/** What the deletion form asks for: the password, nothing more (a fresh single sign-on), or a new sign-in through a linked provider. */
export async function deletionProof(ctx: RequestContext): Promise<DeletionProof> {
  const { user, session } = ctx.auth!;
  const withPassword = await hasPassword(ctx.services.db, user.id);
  const proof = ownerProofRequired({ hasPassword: withPassword }, session, new Date());
  if (proof === 'password') return { kind: 'password' };
  if (proof === 'freshSignIn') return { kind: 'freshSignIn', provider: findProvider(ctx, session.ssoProviderId!)?.label ?? { sv: session.ssoProviderId!, en: session.ssoProviderId! } };
  const linked = await linkedIdentities(ctx, user.id);
  return { kind: 'reauthenticate', providers: linked.filter((i) => findProvider(ctx, i.providerId)).map((i) => ({ id: i.providerId, label: i.label })) };
}

/**
 * The mailed alternative to the password proof (an account without a password
 * has none to give): a one-time link to the account's own address. Asking again
 * replaces the link (the older one stops working); it lasts as long as the
 * pending link, thirty minutes. Returns the address it went to, or null when
 * this browser holds no valid pending link.
 */
export async function requestLinkMail(ctx: RequestContext, pendingToken: string | undefined): Promise<string | null> {
  if (!pendingToken) return null;
  const { db, config } = ctx.services;
  const mailToken = generateToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(ssoPendingLinks)
      .set({ mailTokenHash: hashToken(mailToken), mailSentAt: new Date() })
      .where(and(eq(ssoPendingLinks.tokenHash, hashToken(pendingToken)), gt(ssoPendingLinks.expiresAt, new Date())))
      .returning();
    if (!row) return null;
    const owner = await findUserById(tx, row.userId);
    if (!owner) return null;
    const locale = owner.locale ?? ctx.locale;
    const provider = findProvider(ctx, row.providerId)?.label[locale] ?? row.providerId;
    await enqueueMail(tx, {
      to: owner.email,
      subject: translate(locale, 'mail.ssoLink.subject', { provider }),
      text: translate(locale, 'mail.ssoLink.body', { name: owner.name, provider, email: row.email, link: `${config.publicUrl}${linkMailPath(mailToken)}` }),
    });
    await recordAudit(tx, { actorUserId: null, action: 'user.sso_link_mail_sent', targetType: 'user', targetId: owner.id, ip: ctx.ip, details: { provider: row.providerId } });
    return owner.email;
  });
}

export const linkMailPath = (token: string) => `/koppla-inloggning/${token}`;

export type LinkMailState = { kind: 'valid'; provider: { sv: string; en: string }; email: string } | { kind: 'invalid' } | { kind: 'wrongAccount' };

async function findMailedLink(ctx: RequestContext, token: string) {
  const [row] = await ctx.services.db.select().from(ssoPendingLinks).where(eq(ssoPendingLinks.mailTokenHash, hashToken(token)));
  return row && row.expiresAt > new Date() ? row : null;
}

/** What the mailed link's page shows before the person confirms (a GET changes nothing: mail scanners follow links). */
export async function inspectLinkMail(ctx: RequestContext, token: string): Promise<LinkMailState> {
  const row = await findMailedLink(ctx, token);
  if (!row) return { kind: 'invalid' };
  if (ctx.auth && ctx.auth.user.id !== row.userId) return { kind: 'wrongAccount' };
  return { kind: 'valid', provider: findProvider(ctx, row.providerId)?.label ?? { sv: row.providerId, en: row.providerId }, email: row.email };
}

/**
 * Confirms the mailed link: the identity is linked to the account the mail
 * went to, and this browser is signed in to it (through that provider, at the
 * `acr` it asserted). Used up on success; an expired, used or unknown link, or
 * one opened while signed in to another account, writes nothing.
 */
export async function confirmLinkMail(ctx: RequestContext, token: string): Promise<{ ok: true; cookie: string } | { ok: false; state: 'invalid' | 'wrongAccount' }> {
  const { db } = ctx.services;
  const found = await findMailedLink(ctx, token);
  if (!found) return { ok: false, state: 'invalid' };
  if (ctx.auth && ctx.auth.user.id !== found.userId) return { ok: false, state: 'wrongAccount' };
  const linked = await db.transaction(async (tx) => {
    const [row] = await tx.delete(ssoPendingLinks).where(and(eq(ssoPendingLinks.mailTokenHash, hashToken(token)), gt(ssoPendingLinks.expiresAt, new Date()))).returning();
    if (!row) return null;
    await tx.insert(userIdentities).values({ userId: row.userId, providerId: row.providerId, subject: row.subject, email: row.email, lastUsedAt: new Date() }).onConflictDoNothing();
    const [identity] = await tx.select({ userId: userIdentities.userId }).from(userIdentities).where(and(eq(userIdentities.providerId, row.providerId), eq(userIdentities.subject, row.subject)));
    // Linked to another account meanwhile: nothing to do here, and no sign-in.
    if (identity?.userId !== row.userId) return null;
    await recordAudit(tx, { actorUserId: row.userId, action: 'user.sso_linked', targetType: 'user', targetId: row.userId, ip: ctx.ip, details: { provider: row.providerId, byMail: true } });
    return row;
  });
  if (!linked) return { ok: false, state: 'invalid' };
  const { token: sessionToken, session } = await createSession(db, linked.userId, { providerId: linked.providerId, acr: linked.acr });
  await recordAudit(db, { actorUserId: linked.userId, action: 'user.sign_in', targetType: 'user', targetId: linked.userId, ip: ctx.ip, details: { provider: linked.providerId, acr: linked.acr, byMail: true } });
  return { ok: true, cookie: sessionCookie(sessionToken, session.expiresAt, ctx.services.config.secureCookies) };
}
