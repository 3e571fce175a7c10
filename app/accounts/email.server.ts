/**
 * The account's address and name (issue 11): confirming an address by a
 * mailed link, sending the link again, changing the address (the new one is
 * confirmed first, the old one is told) and changing the name.
 */
import { z } from 'zod';
import {
  consumeEmailConfirmationToken,
  countEmailConfirmationsSince,
  findUserByEmail,
  findUserById,
  insertEmailConfirmationToken,
  markEmailVerified,
  retireEmailConfirmationTokens,
  setUserEmail,
  setUserName,
} from '#db/queries/accounts.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import type { Db } from '#db/client.server.ts';
import { isUniqueViolation } from '#db/errors.server.ts';
import type { User } from '#db/schema/index.server.ts';
import { verifyPassword } from '../auth/password.server.ts';
import { createSession, sessionCookie } from '../auth/session.server.ts';
import { generateToken, hashToken } from '../auth/tokens.server.ts';
import type { RequestContext } from '../context.server.ts';
import { currentPassword, email, fieldError, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { isLocale, translate, type Locale } from '../i18n/index.ts';
import { enqueueMail } from '../mail/mailer.server.ts';

export const EMAIL_CONFIRMATION_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Confirmation mails per account per hour (the first one included): enough for a typo and a retry, too few to flood an inbox. */
export const EMAIL_CONFIRMATIONS_PER_HOUR = 4;
const HOUR_MS = 60 * 60 * 1000;

export const ChangeNameForm = z.object({ name: requiredText(120) });
export const ChangeEmailForm = z.object({ email, password: currentPassword });

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: number; errors: FieldErrors };
const invalid = (errors: FieldErrors, status = 400) => ({ ok: false as const, status, errors });

const mailLocale = (user: Pick<User, 'locale'>, fallback: Locale): Locale => (isLocale(user.locale) ? user.locale : fallback);

const throttled = async (db: Db, userId: string) =>
  (await countEmailConfirmationsSince(db, userId, new Date(Date.now() - HOUR_MS))) >= EMAIL_CONFIRMATIONS_PER_HOUR;

/**
 * Stores a confirmation link for `address` and mails it there, in the caller's
 * transaction. `redirectTo` (a same-site path) is where the link leads after
 * confirming, e.g. back to the invitation that made the person sign up.
 */
export async function sendConfirmationLink(
  db: Db,
  input: { user: Pick<User, 'id' | 'name' | 'locale'>; address: string; locale: Locale; publicUrl: string; change: boolean; redirectTo?: string | null },
): Promise<void> {
  const token = generateToken();
  await insertEmailConfirmationToken(db, {
    tokenHash: hashToken(token),
    userId: input.user.id,
    email: input.address,
    expiresAt: new Date(Date.now() + EMAIL_CONFIRMATION_LIFETIME_MS),
  });
  const query = input.redirectTo && input.redirectTo !== '/konto' ? `?redirectTo=${encodeURIComponent(input.redirectTo)}` : '';
  const locale = mailLocale(input.user, input.locale);
  const params = { name: input.user.name, link: `${input.publicUrl}/bekrafta-epost/${token}${query}`, email: input.address };
  await enqueueMail(db, {
    to: input.address,
    subject: translate(locale, input.change ? 'mail.confirmChange.subject' : 'mail.confirm.subject'),
    text: translate(locale, input.change ? 'mail.confirmChange.body' : 'mail.confirm.body', params),
  });
}

/** "Send the link again": to the account's own address, while it is unconfirmed, a few times an hour. */
export async function resendConfirmation(ctx: RequestContext, userId: string): Promise<Outcome<{ alreadyConfirmed: boolean }>> {
  const { db, config } = ctx.services;
  const user = await findUserById(db, userId);
  if (!user) throw new Response('no such user', { status: 404 });
  if (user.emailVerifiedAt) return { ok: true, alreadyConfirmed: true };
  if (await throttled(db, user.id)) return invalid({ form: fieldError('emailConfirm.throttled') }, 429);
  await db.transaction(async (tx) => {
    await sendConfirmationLink(tx, { user, address: user.email, locale: ctx.locale, publicUrl: config.publicUrl, change: false });
    await recordAudit(tx, { actorUserId: user.id, action: 'user.email_confirmation_resent', targetType: 'user', targetId: user.id, ip: ctx.ip });
  });
  return { ok: true, alreadyConfirmed: false };
}

export type ConfirmEmailResult = { ok: true; cookie: string | null; changed: boolean } | { ok: false; reason: 'invalid' | 'taken' };

/**
 * Follows a confirmation link: once, within 24 hours. For a new account it
 * confirms the address; for a change it moves the account to the new address
 * (confirmed by this very link) and tells the old address. Either way the
 * person is signed in as the link's account (a new session, unless this
 * browser already has one for it).
 */
export async function confirmEmail(ctx: RequestContext, token: string): Promise<ConfirmEmailResult> {
  const { db, config } = ctx.services;
  let outcome: { userId: string; changed: boolean } | 'invalid' | 'taken';
  try {
    outcome = await db.transaction(async (tx) => {
      const used = await consumeEmailConfirmationToken(tx, hashToken(token));
      if (!used) return 'invalid' as const;
      const user = await findUserById(tx, used.userId);
      if (!user) return 'invalid' as const;
      if (user.email.toLowerCase() === used.email) {
        await markEmailVerified(tx, user.id);
        await retireEmailConfirmationTokens(tx, user.id);
        await recordAudit(tx, { actorUserId: user.id, action: 'user.email_confirmed', targetType: 'user', targetId: user.id, ip: ctx.ip, details: { email: used.email } });
        return { userId: user.id, changed: false };
      }
      // An address change: someone else may have taken the address since the link was sent.
      const holder = await findUserByEmail(tx, used.email);
      if (holder && holder.id !== user.id) return 'taken' as const;
      await setUserEmail(tx, user.id, used.email, new Date());
      await retireEmailConfirmationTokens(tx, user.id);
      // The old address hears of it only if it was ever confirmed: a mistyped sign-up address belongs to a stranger.
      if (user.emailVerifiedAt) {
        const locale = mailLocale(user, ctx.locale);
        await enqueueMail(tx, {
          to: user.email,
          subject: translate(locale, 'mail.emailChanged.subject'),
          text: translate(locale, 'mail.emailChanged.body', { name: user.name, email: used.email, link: `${config.publicUrl}/glomt-losenord` }),
        });
      }
      await recordAudit(tx, { actorUserId: user.id, action: 'user.email_changed', targetType: 'user', targetId: user.id, ip: ctx.ip, details: { from: user.email, to: used.email } });
      return { userId: user.id, changed: true };
    });
  } catch (error) {
    // Two accounts confirming the same new address at once: the unique index lets one win.
    if (isUniqueViolation(error)) return { ok: false, reason: 'taken' };
    throw error;
  }
  if (typeof outcome === 'string') return { ok: false, reason: outcome };
  if (ctx.auth?.user.id === outcome.userId) return { ok: true, cookie: null, changed: outcome.changed };
  const { token: sessionToken, session } = await createSession(db, outcome.userId);
  return { ok: true, cookie: sessionCookie(sessionToken, session.expiresAt, config.secureCookies), changed: outcome.changed };
}

/**
 * Asks to move the account to another address: needs the current password;
 * the link goes to the NEW address and nothing changes until it is followed;
 * the old (confirmed) address is told at once. An address that belongs to
 * another account gets the same answer as a free one, so this form does not
 * tell who has an account: that address's owner is told instead, and no
 * working link exists (the row is stored used, so it still counts for throttling).
 */
export async function requestEmailChange(ctx: RequestContext, userId: string, formData: FormData): Promise<Outcome<{ email: string }>> {
  const form = parseForm(ChangeEmailForm, formData);
  if (!form.ok) return invalid(form.errors);
  const { db, config } = ctx.services;
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, form.data.password))) return invalid({ password: fieldError('error.password.wrong') });
  const address = form.data.email;
  if (address === user.email.toLowerCase()) return invalid({ email: fieldError('error.email.same') });
  if (await throttled(db, user.id)) return invalid({ email: fieldError('emailConfirm.throttled') }, 429);
  const holder = await findUserByEmail(db, address);
  await db.transaction(async (tx) => {
    if (!holder) {
      await sendConfirmationLink(tx, { user, address, locale: ctx.locale, publicUrl: config.publicUrl, change: true });
    } else {
      await insertEmailConfirmationToken(tx, { tokenHash: hashToken(generateToken()), userId: user.id, email: address, expiresAt: new Date(), usedAt: new Date() });
      const locale = mailLocale(holder, ctx.locale);
      await enqueueMail(tx, {
        to: holder.email,
        subject: translate(locale, 'mail.emailInUse.subject'),
        text: translate(locale, 'mail.emailInUse.body', { name: holder.name, link: `${config.publicUrl}/glomt-losenord` }),
      });
    }
    if (user.emailVerifiedAt) {
      const locale = mailLocale(user, ctx.locale);
      await enqueueMail(tx, {
        to: user.email,
        subject: translate(locale, 'mail.emailChangeRequested.subject'),
        text: translate(locale, 'mail.emailChangeRequested.body', { name: user.name, email: address, link: `${config.publicUrl}/glomt-losenord` }),
      });
    }
    await recordAudit(tx, {
      actorUserId: user.id,
      action: 'user.email_change_requested',
      targetType: 'user',
      targetId: user.id,
      ip: ctx.ip,
      details: { to: address, addressInUse: Boolean(holder) },
    });
  });
  return { ok: true, email: address };
}

/** The name shown to others: validated as at sign-up. */
export async function changeName(ctx: RequestContext, userId: string, formData: FormData): Promise<Outcome<{ name: string }>> {
  const form = parseForm(ChangeNameForm, formData);
  if (!form.ok) return invalid(form.errors);
  await ctx.services.db.transaction(async (tx) => {
    await setUserName(tx, userId, form.data.name);
    await recordAudit(tx, { actorUserId: userId, action: 'user.name_changed', targetType: 'user', targetId: userId, ip: ctx.ip });
  });
  return { ok: true, name: form.data.name };
}
