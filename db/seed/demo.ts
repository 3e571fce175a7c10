import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { memberships, organizations, users } from '../schema/index.ts';

/**
 * Demo content for a newcomer's first start: a platform admin and a few
 * people in organisations from different sectors. Every organisation is
 * labelled as an example in its description.
 */
export const DEMO_LOGINS = {
  password: 'samverka-demo',
  users: [
    { email: 'admin@samverka.example', name: 'Plattformsadministratör', description: 'platform admin (verifies organisations)', admin: true },
    { email: 'anna.lindqvist@malmo.example', name: 'Anna Lindqvist', description: 'admin, Malmö stad (exempel)', admin: false },
    { email: 'erik.johansson@af.example', name: 'Erik Johansson', description: 'admin, Arbetsförmedlingen (exempel)', admin: false },
    { email: 'fatima.hassan@forening.example', name: 'Fatima Hassan', description: 'admin, Föreningen Grannskap Rosengård (exempel)', admin: false },
  ],
} as const;

const EXAMPLE = 'Exempelorganisation i demoinnehållet.';

/** Inserts the demo content unless the database already has users. Returns whether it did. */
export async function seedDemo(db: Db, deps: { hashPassword: (p: string) => Promise<string> }): Promise<boolean> {
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if ((count?.n ?? 0) > 0) return false;
  const passwordHash = await deps.hashPassword(DEMO_LOGINS.password);
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values(DEMO_LOGINS.users.map((u) => ({ email: u.email, name: u.name, passwordHash, isPlatformAdmin: u.admin })))
      .returning({ id: users.id, email: users.email });
    const userId = (email: string) => inserted.find((u) => u.email === email)!.id;
    const adminId = userId('admin@samverka.example');
    const orgs = await tx
      .insert(organizations)
      .values([
        { slug: 'malmo-stad', name: 'Malmö stad', sector: 'kommun', orgNumber: '212000-1124', municipalityCode: '1280', description: `${EXAMPLE} Kommunens arbete för en socialt hållbar stad.`, verifiedAt: new Date(), verifiedBy: adminId },
        { slug: 'arbetsformedlingen', name: 'Arbetsförmedlingen', sector: 'myndighet', orgNumber: '202100-2114', description: `${EXAMPLE} Statlig myndighet för arbetsmarknadsfrågor.`, verifiedAt: new Date(), verifiedBy: adminId },
        { slug: 'foreningen-grannskap-rosengard', name: 'Föreningen Grannskap Rosengård', sector: 'civilsamhalle', orgNumber: '802400-0013', municipalityCode: null, description: `${EXAMPLE} Ideell förening för läxhjälp, språkcaféer och trygghetsvandringar.`, verifiedAt: new Date(), verifiedBy: adminId },
        { slug: 'goteborgs-stad', name: 'Göteborgs stad', sector: 'kommun', orgNumber: '212000-1355', municipalityCode: '1480', description: `${EXAMPLE} Väntar på verifiering.` },
      ])
      .returning({ id: organizations.id, slug: organizations.slug });
    const orgId = (slug: string) => orgs.find((o) => o.slug === slug)!.id;
    await tx.insert(memberships).values([
      { userId: userId('anna.lindqvist@malmo.example'), organizationId: orgId('malmo-stad'), role: 'admin' },
      { userId: userId('erik.johansson@af.example'), organizationId: orgId('arbetsformedlingen'), role: 'admin' },
      { userId: userId('fatima.hassan@forening.example'), organizationId: orgId('foreningen-grannskap-rosengard'), role: 'admin' },
    ]);
  });
  return true;
}
