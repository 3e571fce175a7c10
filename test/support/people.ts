import { and, desc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { MAIL_JOB } from '#app/mail/mailer.server.ts';
import * as confirmEmail from '#app/routes/accounts/confirm-email.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import type { Services } from '#app/services.server.ts';
import { forgetOrganizations } from '#db/queries/organizations.server.ts';
import { jobs, memberships, organizations, users } from '#db/schema/index.server.ts';
import type { MemberRole, Sector } from '#app/vocabulary.ts';
import { Visitor } from './app.ts';

let counter = 0;

/**
 * The confirmation link in the newest mail queued for `email`, read from the
 * jobs table (where every mail waits for the worker, whichever transport sends
 * it). `markRead` marks that mail as sent, so a later delivery in the test does
 * not put it in anyone's inbox a second time.
 */
export async function confirmationLinkFor(services: Services, email: string, opts: { markRead?: boolean } = {}) {
  const queued = await services.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, MAIL_JOB), sql`${jobs.payload}->>'to' = ${email.toLowerCase()}`))
    .orderBy(desc(jobs.id));
  const mail = queued.find((j) => /\/bekrafta-epost\//.test(String(j.payload.text)));
  const match = String(mail?.payload.text ?? '').match(/\/bekrafta-epost\/([a-z0-9]+)(\?redirectTo=\S+)?/);
  if (!mail || !match) return null;
  if (opts.markRead) await services.db.update(jobs).set({ status: 'done', finishedAt: new Date() }).where(eq(jobs.id, mail.id));
  const redirectTo = match[2] ? decodeURIComponent(match[2].slice('?redirectTo='.length)) : undefined;
  return { token: match[1]!, redirectTo, path: `/bekrafta-epost/${match[1]}${match[2] ?? ''}` };
}

/** Follows a confirmation link as a person does: opens the page, presses "Bekräfta". */
export async function followConfirmationLink(v: Visitor, link: { token: string; redirectTo?: string; path: string }) {
  const page = await v.load(confirmEmail, link.path, { token: link.token });
  expect(page.status).toBe(200);
  return v.submit(confirmEmail, link.path, link.redirectTo ? { redirectTo: link.redirectTo } : {}, { token: link.token });
}

/**
 * A signed-up visitor with a known user id, as a person gets there: the
 * sign-up form, then the link in the confirmation mail, which confirms the
 * address and signs in. `confirmed: false` stops after the form and signs in
 * with the password instead (an account that can read and search only).
 */
export async function signedUpVisitor(services: Services, name = 'Person', opts: { confirmed?: boolean } = {}) {
  const email = `p${++counter}.${process.pid}.${Date.now()}@x.se`;
  const v = new Visitor(services);
  const res = await v.submit(signUp, '/registrera', { name, email, password: 'correct horse battery' });
  expect(res.status).toBe(302);
  expect(res.location).toBe('/registrera/skickat');
  if (opts.confirmed === false) {
    expect((await v.submit(signIn, '/logga-in', { email, password: 'correct horse battery' })).status).toBe(302);
  } else {
    const link = await confirmationLinkFor(services, email, { markRead: true });
    expect(link).not.toBeNull();
    expect((await followConfirmationLink(v, link!)).status).toBe(302);
  }
  const [user] = await services.db.select().from(users).where(eq(users.email, email));
  return Object.assign(v, { email, userId: user!.id, name });
}
export type Person = Awaited<ReturnType<typeof signedUpVisitor>>;

/** An organisation written straight to the database: these tests are about what comes after. */
export async function organizationWith(services: Services, opts: { verified: boolean; sector?: Sector; members: [Person, MemberRole][] }) {
  const n = ++counter;
  const [org] = await services.db
    .insert(organizations)
    .values({
      slug: `org-${n}-${process.pid}`,
      name: `Organisation ${n} ${process.pid}`,
      sector: opts.sector ?? 'kommun',
      orgNumber: `${212000 + n}-${String(1000 + (process.pid % 9000)).padStart(4, '0')}`,
      verifiedAt: opts.verified ? new Date() : null,
    })
    .returning();
  for (const [person, role] of opts.members) await services.db.insert(memberships).values({ userId: person.userId, organizationId: org!.id, role });
  forgetOrganizations(services.db); // written behind the app's back: its organisation catalogue would not know
  return org!;
}
