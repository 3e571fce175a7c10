import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { insertRevision } from '../queries/content.server.ts';
import { insertInitiative, type InitiativeFields } from '../queries/initiatives.server.ts';
import { initiatives, lessons, memberships, organizations, users } from '../schema/index.server.ts';
import { DEMO_INITIATIVES, DEMO_LESSONS } from './demo-content-data.server.ts';
import { addGroupMember } from '../queries/group-membership.server.ts';
import { insertGroup, recordGroupActivity } from '../queries/groups.server.ts';
import { forgetOrganizations } from '../queries/organizations.server.ts';

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
      .values(DEMO_LOGINS.users.map((u) => ({ email: u.email, name: u.name, passwordHash, isPlatformAdmin: u.admin, emailVerifiedAt: new Date() })))
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
    await seedDemoContent(tx, orgId, adminId);
    await seedDemoGroups(tx, userId, orgId);
  });
  forgetOrganizations(db); // the organisation catalogue of this handle may have been read before the seed
  return true;
}

/** Published example initiatives and lessons, a few days apart, so lists and feeds have something to show. */
async function seedDemoContent(db: Db, orgId: (slug: string) => string, authorId: string): Promise<void> {
  const ids = new Map<string, string>();
  const day = 24 * 60 * 60 * 1000;
  for (const [n, d] of DEMO_INITIATIVES.entries()) {
    const fields: InitiativeFields = {
      title: d.title,
      summary: d.summary,
      plainSummary: d.plainSummary ?? '',
      body: d.body,
      status: d.status,
      startDate: d.startDate,
      endDate: d.endDate,
      themes: d.themes,
      targetGroups: d.targetGroups,
      successFactors: d.successFactors,
      fundingSource: d.funding?.source ?? null,
      fundingAmountSek: d.funding?.amountSek ?? null,
      evaluationMethod: d.evaluation?.method ?? null,
      evaluatedBy: d.evaluation?.evaluatedBy ?? null,
      evaluationSummary: d.evaluation?.summary ?? null,
      evaluationUrl: d.evaluation?.url ?? null,
      contactName: d.contact.name,
      contactEmail: d.contact.email,
      areaCodes: d.areaCodes,
      partnerIds: d.partnerSlugs.map(orgId),
      inspiredByIds: d.inspiredBy.map((k) => ids.get(k)).filter((id): id is string => Boolean(id)),
    };
    const row = await insertInitiative(db, { slug: d.key, organizationId: orgId(d.ownerSlug), userId: authorId, fields });
    const publishedAt = new Date(Date.now() - (DEMO_INITIATIVES.length - n) * 3 * day);
    await db.update(initiatives).set({ state: 'published', visibility: d.visibility, publishedAt }).where(eq(initiatives.id, row.id));
    await insertRevision(db, { contentType: 'initiative', contentId: row.id, version: 1, snapshot: { ...fields, state: 'published', visibility: d.visibility }, action: 'create', authorId });
    ids.set(d.key, row.id);
  }
  for (const [n, l] of DEMO_LESSONS.entries()) {
    const [row] = await db
      .insert(lessons)
      .values({
        slug: l.key,
        title: l.title,
        summary: l.summary,
        plainSummary: l.plainSummary ?? '',
        initiativeId: l.initiativeKey ? (ids.get(l.initiativeKey) ?? null) : null,
        whatWorked: l.whatWorked,
        whatDidNot: l.whatDidNot,
        recommendations: l.recommendations,
        themes: l.themes,
        successFactors: l.successFactors,
        organizationId: orgId(l.ownerSlug),
        visibility: l.visibility,
        state: 'published',
        publishedAt: new Date(Date.now() - (DEMO_LESSONS.length - n) * 2 * day),
        createdBy: authorId,
        updatedBy: authorId,
      })
      .returning();
    const { id: _id, slug: _slug, ...snapshot } = row!;
    await insertRevision(db, { contentType: 'lesson', contentId: row!.id, version: 1, snapshot, action: 'create', authorId });
  }
}

const DEMO_ORGANIZATION_NAMES: Record<string, string> = {
  'malmo-stad': 'Malmö stad',
  arbetsformedlingen: 'Arbetsförmedlingen',
  'foreningen-grannskap-rosengard': 'Föreningen Grannskap Rosengård',
};

const paragraphs = (...texts: string[]) => ({ type: 'doc' as const, content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

/**
 * Two example working groups: an open one in Malmö with members from three
 * sectors, and a closed, unlisted one for Skåne län that only its members see.
 */
async function seedDemoGroups(db: Db, userId: (email: string) => string, orgId: (slug: string) => string): Promise<void> {
  const groups = [
    {
      slug: 'trygg-i-rosengard-samverkansgrupp',
      name: 'Trygg i Rosengård – samverkansgrupp',
      purpose: paragraphs(
        'Exempelgrupp i demoinnehållet.',
        'Kommunen, Arbetsförmedlingen och föreningslivet samordnar insatser för trygghet, sysselsättning och fritid för unga i Rosengård, och följer upp dem tillsammans med de boende.',
      ),
      areaCode: '1280',
      openness: 'open' as const,
      listed: false,
      members: [
        ['anna.lindqvist@malmo.example', 'malmo-stad', 'lead'],
        ['erik.johansson@af.example', 'arbetsformedlingen', 'member'],
        ['fatima.hassan@forening.example', 'foreningen-grannskap-rosengard', 'member'],
      ] as const,
    },
    {
      slug: 'regional-samordning-skane',
      name: 'Regional samordning mot segregation – Skåne',
      purpose: paragraphs('Exempelgrupp i demoinnehållet.', 'En stängd grupp där myndigheter och kommuner i Skåne förbereder gemensamma ansökningar och delar lägesbilder.'),
      areaCode: '12',
      openness: 'closed' as const,
      listed: false,
      members: [
        ['erik.johansson@af.example', 'arbetsformedlingen', 'lead'],
        ['anna.lindqvist@malmo.example', 'malmo-stad', 'member'],
      ] as const,
    },
  ];
  for (const { members, ...fields } of groups) {
    const creator = userId(members[0][0]);
    const group = await insertGroup(db, { ...fields, createdBy: creator });
    await recordGroupActivity(db, { groupId: group.id, actorId: creator, kind: 'group_created', subjectId: group.id, data: { name: group.name } });
    for (const [email, orgSlug, role] of members) {
      await addGroupMember(db, { groupId: group.id, userId: userId(email), organizationId: orgId(orgSlug), role });
      if (role === 'lead') continue;
      const name = DEMO_LOGINS.users.find((u) => u.email === email)!.name;
      await recordGroupActivity(db, { groupId: group.id, actorId: userId(email), kind: 'member_joined', subjectId: userId(email), data: { name, organization: DEMO_ORGANIZATION_NAMES[orgSlug] ?? orgSlug } });
    }
  }
}
