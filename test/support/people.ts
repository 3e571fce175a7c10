import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import * as signUp from '#app/routes/sign-up.tsx';
import type { Services } from '#app/services.server.ts';
import { memberships, organizations, users } from '#db/schema/index.ts';
import type { MemberRole, Sector } from '#db/vocabulary.ts';
import { Visitor } from './app.ts';

let counter = 0;

/** A signed-up, signed-in visitor with a known user id. */
export async function signedUpVisitor(services: Services, name = 'Person') {
  const email = `p${++counter}.${process.pid}.${Date.now()}@x.se`;
  const v = new Visitor(services);
  const res = await v.submit(signUp, '/registrera', { name, email, password: 'correct horse battery' });
  expect(res.status).toBe(302);
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
  return org!;
}
