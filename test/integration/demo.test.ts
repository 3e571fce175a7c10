import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '#app/auth/password.server.ts';
import * as browse from '#app/routes/content/initiatives/list.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import { DEMO_LOGINS, seedDemo } from '#db/seed/demo.server.ts';
import * as areaPage from '#app/routes/statistics/area.tsx';
import * as lessonList from '#app/routes/content/lessons/list.tsx';
import { initiatives, lessons } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();

describe('demo content', () => {
  it('creates example organisations, logins, initiatives and lessons once, all marked as examples', async () => {
    expect(await seedDemo(app.services.db, { hashPassword })).toBe(true);
    expect(await seedDemo(app.services.db, { hashPassword })).toBe(false);
    const rows = await app.services.db.select({ title: initiatives.title, state: initiatives.state }).from(initiatives);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.title.endsWith(' (exempel)') && r.state === 'published')).toBe(true);
    const [lessonCount] = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(lessons);
    expect(lessonCount!.n).toBe(8);
    for (const u of DEMO_LOGINS.users) {
      const res = await new Visitor(app.services).submit(signIn, '/logga-in', { email: u.email, password: DEMO_LOGINS.password });
      expect(res.status, u.email).toBe(302);
    }
    const publicList = await new Visitor(app.services).load(browse, '/insatser?omrade=1280');
    expect(publicList.data.total).toBeGreaterThan(0);
    // The kommun's page gathers the lessons that came from initiatives there, and its län's page those of its kommuner;
    // each shows the newest few, and its "show all" link lists them all on /lardomar?omrade=<code>.
    const lessonSlugs = async (code: string) => (await new Visitor(app.services).load(lessonList, `/lardomar?omrade=${code}`)).data.lessons.map((l: { slug: string }) => l.slug);
    const inMalmo = await lessonSlugs('1280');
    expect(inMalmo.length).toBeGreaterThan(0);
    expect(inMalmo.length).toBeLessThan(8);
    expect(await lessonSlugs('12')).toEqual(expect.arrayContaining(inMalmo));
    const malmoPage = await new Visitor(app.services).load(areaPage, '/omraden/1280', { code: '1280' });
    expect(malmoPage.data.lessonsTotal).toBe(inMalmo.length);
    expect(malmoPage.data.lessons.map((l: { slug: string }) => l.slug)).toEqual(inMalmo.slice(0, 3));
    expect(malmoPage.data.initiativesTotal).toBe(publicList.data.total);
    expect(malmoPage.data.initiatives).toHaveLength(Math.min(3, publicList.data.total));
  });
});
