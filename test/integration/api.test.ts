/**
 * The read API (issue 18): the same leak matrix as search (partners-only and
 * group-only content never reaches a caller whose token's owner may not read
 * it), tokens (hashed, revocation and expiry at once), keyset pagination,
 * ETags, every kind of bad input as a JSON 4xx, and the rate limit.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as initiativesRoute from '#app/routes/api/initiatives.ts';
import * as lessonsRoute from '#app/routes/api/lessons.ts';
import * as snapshotsRoute from '#app/routes/api/snapshots.ts';
import * as organisationsRoute from '#app/routes/api/organisations.ts';
import * as areasRoute from '#app/routes/api/areas.ts';
import * as indicatorsRoute from '#app/routes/api/indicators.ts';
import * as valuesRoute from '#app/routes/api/indicator-values.ts';
import * as groupsRoute from '#app/routes/api/groups.ts';
import * as openapiRoute from '#app/routes/api/openapi-json.ts';
import * as docsRoute from '#app/routes/api/docs.tsx';
import * as apiNotFoundRoute from '#app/routes/api/not-found.ts';
import * as tokensPage from '#app/routes/accounts/api-tokens.tsx';
import { validate } from '@readme/openapi-parser';
import { API_ENDPOINTS } from '#app/api/schemas.ts';
import { buildExport } from '#app/accounts/personal-data.server.ts';
import { createApiToken, revokeApiToken } from '#app/api/tokens.server.ts';
import { hashToken } from '#app/auth/tokens.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { apiRateLimits, apiTokens, auditLog, users } from '#db/schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { insertWriteUp } from '../support/initiatives.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let editor: Person;
let partner: Person;
let outsider: Person;
let memberOfA: Person;
let memberOfB: Person;
let orgId: string;
let groupA: { id: string; slug: string };
let groupB: { id: string; slug: string };
const tokens = new Map<Person, string>();
const ids = new Map<string, string>();

let n = 0;

async function content(kind: 'initiative' | 'lesson' | 'snapshot', title: string, visibility: Visibility, opts: { groupId?: string; state?: 'draft' | 'published' | 'archived'; publishedAt?: Date } = {}) {
  const common = {
    slug: `api-${kind}-${++n}-${process.pid}`,
    title,
    organizationId: orgId,
    visibility,
    groupId: opts.groupId ?? null,
    state: opts.state ?? 'published',
    publishedAt: opts.state === 'draft' ? null : (opts.publishedAt ?? new Date(Date.now() - 3600_000 - n * 1000)),
  };
  const id = await insertWriteUp(app.services.db, kind, common);
  ids.set(title, id);
  return id;
}

const ROUTES = { initiatives: initiativesRoute, lessons: lessonsRoute, snapshots: snapshotsRoute } as const;

async function get(route: Parameters<Visitor['load']>[0], path: string, opts: { as?: Person | null; token?: string; params?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const token = opts.token ?? (opts.as ? tokens.get(opts.as) : undefined);
  const headers = { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...opts.headers };
  // A fresh visitor without cookies: the API reads the token only.
  return new Visitor(app.services, `198.51.100.${(n++ % 200) + 1}`).load(route, path, opts.params, headers);
}

const titles = (res: { data: { items: { title: string }[] } }) => res.data.items.map((i) => i.title).filter((t) => t.startsWith('Läcka')).sort();

beforeAll(async () => {
  [editor, partner, outsider, memberOfA, memberOfB] = await app.people('Editor', 'Partner', 'Outsider', 'Member of A', 'Member of B');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member']] });
  const association = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[memberOfA, 'member'], [memberOfB, 'member']] });
  groupA = await groupWith(app.services, { openness: 'closed', members: [[memberOfA, association.id, 'lead']] });
  groupB = await groupWith(app.services, { openness: 'open', members: [[memberOfB, association.id, 'lead']] });
  for (const p of [editor, partner, outsider, memberOfA, memberOfB]) {
    tokens.set(p, (await createApiToken(app.services.db, { userId: p.userId, name: 'test', lifetimeDays: 30, ip: null })).secret);
  }
  for (const kind of ['initiative', 'lesson', 'snapshot'] as const) {
    await content(kind, `Läcka ${kind} offentlig`, 'public');
    await content(kind, `Läcka ${kind} partner`, 'partners');
    await content(kind, `Läcka ${kind} grupp A`, 'group', { groupId: groupA.id });
    await content(kind, `Läcka ${kind} grupp B`, 'group', { groupId: groupB.id });
    await content(kind, `Läcka ${kind} utkast`, 'public', { state: 'draft' });
  }
});

describe('the leak matrix: no caller reads what the token owner may not', () => {
  const cases = (kind: string) =>
    [
      ['anonymous', null, [`Läcka ${kind} offentlig`]],
      ['signed up, no organisation', () => outsider, [`Läcka ${kind} offentlig`]],
      ['partner', () => partner, [`Läcka ${kind} offentlig`, `Läcka ${kind} partner`]],
      ['member of group A', () => memberOfA, [`Läcka ${kind} grupp A`, `Läcka ${kind} offentlig`, `Läcka ${kind} partner`]],
      ['member of group B', () => memberOfB, [`Läcka ${kind} grupp B`, `Läcka ${kind} offentlig`, `Läcka ${kind} partner`]],
    ] as const;

  for (const kind of ['initiative', 'lesson', 'snapshot'] as const) {
    const path = `/api/v1/${kind}s`;
    it.each(cases(kind))(`${kind}s: %s`, async (_label, who, expected) => {
      const as = who ? who() : null;
      const list = await get(ROUTES[`${kind}s`], `${path}?limit=100`, { as });
      expect(list.status).toBe(200);
      expect(titles(list)).toEqual([...expected].sort());
      // Each item on its own: readable ones answer, the rest are as absent as unknown ids.
      for (const title of [`Läcka ${kind} offentlig`, `Läcka ${kind} partner`, `Läcka ${kind} grupp A`, `Läcka ${kind} grupp B`, `Läcka ${kind} utkast`]) {
        const one = await get(ROUTES[`${kind}s`], `${path}/${ids.get(title)}`, { as, params: { id: ids.get(title)! } });
        expect(one.status, `${title} as ${_label}`).toBe((expected as readonly string[]).includes(title) ? 200 : 404);
        if (one.status === 404) expect(one.data.error.code).toBe('not_found');
      }
    });
  }

  it('working groups: a closed unlisted group is known to its members only', async () => {
    const names = async (as: Person | null) => (await get(groupsRoute, '/api/v1/groups', { as })).data.items.map((g: { id: string }) => g.id);
    expect(await names(null)).toEqual(expect.not.arrayContaining([groupA.id]));
    expect(await names(partner)).toEqual(expect.not.arrayContaining([groupA.id]));
    expect(await names(memberOfA)).toContain(groupA.id);
    expect((await get(groupsRoute, `/api/v1/groups/${groupA.id}`, { as: partner, params: { id: groupA.id } })).status).toBe(404);
    // The open group's counts are for those who may see its overview: anyone signed in, not anonymous callers.
    const open = await get(groupsRoute, `/api/v1/groups/${groupB.id}`, { as: null, params: { id: groupB.id } });
    expect(open.status).toBe(200);
    expect(open.data.counts).toBeNull();
    expect((await get(groupsRoute, `/api/v1/groups/${groupB.id}`, { as: outsider, params: { id: groupB.id } })).data.counts).toEqual({ members: 1, organizations: 1 });
  });
});

describe('personal access tokens', () => {
  it('are stored as their SHA-256 only, and creating and revoking them is audited', async () => {
    const { token, secret } = await createApiToken(app.services.db, { userId: partner.userId, name: 'hash check', lifetimeDays: 30, ip: '192.0.2.1' });
    const [row] = await app.services.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.tokenHash).toBe(hashToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await revokeApiToken(app.services.db, { userId: partner.userId, tokenId: token.id, ip: null })).toBe(true);
    const actions = (await app.services.db.select().from(auditLog).where(eq(auditLog.targetId, token.id))).map((a) => a.action).sort();
    expect(actions).toEqual(['api_token.create', 'api_token.revoke']);
  });

  it('stop reading at once when revoked, and only their owner revokes them', async () => {
    const { token, secret } = await createApiToken(app.services.db, { userId: partner.userId, name: 'revoke me', lifetimeDays: 30, ip: null });
    expect(titles(await get(initiativesRoute, '/api/v1/initiatives', { token: secret }))).toContain('Läcka initiative partner');
    expect(await revokeApiToken(app.services.db, { userId: outsider.userId, tokenId: token.id, ip: null })).toBe(false);
    expect((await get(initiativesRoute, '/api/v1/initiatives', { token: secret })).status).toBe(200);
    expect(await revokeApiToken(app.services.db, { userId: partner.userId, tokenId: token.id, ip: null })).toBe(true);
    const refused = await get(initiativesRoute, '/api/v1/initiatives', { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.data.error.message).toMatch(/revoked/);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('stop reading when expired; unknown and malformed tokens are 401 too', async () => {
    const { token, secret } = await createApiToken(app.services.db, { userId: partner.userId, name: 'expire me', lifetimeDays: 30, ip: null });
    await app.services.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, token.id));
    const expired = await get(initiativesRoute, '/api/v1/initiatives', { token: secret });
    expect([expired.status, expired.data.error.message]).toEqual([401, 'the token has expired']);
    expect((await get(initiativesRoute, '/api/v1/initiatives', { token: 'svk_nosuchtoken' })).data.error.message).toBe('unknown token');
    const malformed = await get(initiativesRoute, '/api/v1/initiatives', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(malformed.status).toBe(401);
    expect(malformed.data.error.code).toBe('unauthorized');
  });
});

describe('pagination', () => {
  it('walks every item once through the next links, even when items are published meanwhile', async () => {
    const seen: string[] = [];
    let path: string | null = '/api/v1/initiatives?limit=2&tema=work';
    let pages = 0;
    while (path) {
      const res = await get(initiativesRoute, path, { as: memberOfA });
      expect(res.status).toBe(200);
      expect(res.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.data.items.map((i: { id: string }) => i.id));
      if (pages++ === 0) await content('initiative', 'Läcka initiative nyare', 'public', { publishedAt: new Date() }); // newer: lands before the cursor
      path = res.data.next ? res.data.next.slice(TEST_ORIGIN.length) : null;
      if (res.data.next) expect(res.data.next).toMatch(new RegExp(`^${TEST_ORIGIN}/api/v1/initiatives\\?`));
    }
    const all = await get(initiativesRoute, '/api/v1/initiatives?limit=100&tema=work', { as: memberOfA });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.data.items.map((i: { id: string }) => i.id).filter((id: string) => id !== ids.get('Läcka initiative nyare')));
    expect(pages).toBe(2);
  });

  it('links between resources with absolute URLs', async () => {
    const res = await get(initiativesRoute, `/api/v1/initiatives/${ids.get('Läcka initiative offentlig')}`, { params: { id: ids.get('Läcka initiative offentlig')! } });
    expect(res.data.links.self).toBe(`${TEST_ORIGIN}/api/v1/initiatives/${ids.get('Läcka initiative offentlig')}`);
    expect(res.data.organization.link).toBe(`${TEST_ORIGIN}/api/v1/organisations/${orgId}`);
    const org = await get(organisationsRoute, res.data.organization.link.slice(TEST_ORIGIN.length), { params: { id: orgId } });
    expect(org.status).toBe(200);
    expect(org.data.links.initiatives).toBe(`${TEST_ORIGIN}/api/v1/initiatives?organisation=${orgId}`);
    const mine = await get(initiativesRoute, `/api/v1/initiatives?organisation=${orgId}&limit=100`);
    expect(titles(mine)).toEqual(['Läcka initiative nyare', 'Läcka initiative offentlig']);
  });
});

describe('caching', () => {
  it('answers 304 to If-None-Match with the current ETag, and a new ETag once the answer changes', async () => {
    const first = await get(lessonsRoute, '/api/v1/lessons');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get(lessonsRoute, '/api/v1/lessons', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    await content('lesson', 'Läcka lesson ny', 'public');
    expect((await get(lessonsRoute, '/api/v1/lessons', { headers: { 'If-None-Match': etag } })).status).toBe(200);
    // What a token reads stays out of shared caches.
    expect((await get(lessonsRoute, '/api/v1/lessons', { as: partner })).headers.get('cache-control')).toBe('private, no-cache');
  });
});

describe('bad input answers a JSON 4xx naming the problem', () => {
  it.each([
    ['/api/v1/initiatives?tema=nope', /tema/],
    ['/api/v1/initiatives?limit=0', /limit/],
    ['/api/v1/initiatives?limit=101', /limit/],
    ['/api/v1/initiatives?limit=abc', /limit/],
    ['/api/v1/initiatives?ar=1800', /ar/],
    ['/api/v1/initiatives?omrade=Stockholm', /omrade/],
    ['/api/v1/initiatives?cursor=bm90LWEtY3Vyc29y', /cursor/],
    ['/api/v1/initiatives?cursor=%00', /cursor/],
    ['/api/v1/initiatives?sortera=title', /unknown parameter "sortera"/],
    ['/api/v1/initiatives?organisation=42', /organisation/],
  ])('%s', async (path, message) => {
    const res = await get(initiativesRoute, path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data.error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(res.data.error.message).toMatch(message);
  });

  it('refuses a cursor from another listing', async () => {
    const page = await get(organisationsRoute, '/api/v1/organisations?limit=1');
    const cursor = new URL(page.data.next).searchParams.get('cursor')!;
    const res = await get(initiativesRoute, `/api/v1/initiatives?cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/cursor/);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await get(initiativesRoute, '/api/v1/initiatives/abc', { params: { id: 'abc' } })).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(initiativesRoute, `/api/v1/initiatives/${unknown}`, { params: { id: unknown } })).status).toBe(404);
    expect((await get(areasRoute, '/api/v1/areas/9999', { params: { code: '9999' } })).status).toBe(404);
    expect((await get(indicatorsRoute, '/api/v1/indicators/x%00', { params: { code: 'x\u0000' } })).status).toBe(400);
    expect((await get(initiativesRoute, `/api/v1/initiatives/${unknown}?limit=5`, { params: { id: unknown } })).status).toBe(400);
  });
});

describe('statistics', () => {
  beforeAll(async () => {
    await seedIndicatorDemo(app.services.db, { years: [2021, 2023] });
  });

  it('lists areas under a län and indicator values by indicator, area, period and breakdown, with provenance', async () => {
    const kommuner = await get(areasRoute, '/api/v1/areas?typ=municipality&forelder=01&limit=100');
    expect(kommuner.data.items.map((a: { code: string }) => a.code)).toContain('0180');
    expect(kommuner.data.items.every((a: { parentCode: string }) => a.parentCode === '01')).toBe(true);
    const indicators = await get(indicatorsRoute, '/api/v1/indicators');
    const code = indicators.data.items[0].code as string;
    const values = await get(valuesRoute, `/api/v1/indicator-values?indikator=${code}&omrade=0180&period=2022&uppdelning=`);
    expect(values.status).toBe(200);
    expect(values.data.items).toHaveLength(1);
    expect(values.data.items[0]).toMatchObject({ indicatorCode: code, areaCode: '0180', period: '2022', breakdown: '' });
    expect(values.data.items[0].provenance.source).toEqual(expect.any(String));
    const unknown = await get(valuesRoute, '/api/v1/indicator-values?indikator=NOPE');
    expect([unknown.status, unknown.data.error.message]).toEqual([400, 'indikator: unknown indicator "NOPE"']);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the limit of an IP address, counted in the database', async () => {
    const visitor = new Visitor(app.services, '203.0.113.77');
    const limit = app.services.config.API_RATE_LIMIT_IP;
    // As if another instance had served the rest of this minute's allowance.
    await app.services.db
      .insert(apiRateLimits)
      .values({ key: 'ip:203.0.113.77', windowStart: sql`to_timestamp(floor(extract(epoch from now()) / 60) * 60)`, count: limit - 1 })
      .onConflictDoNothing();
    const last = await visitor.load(areasRoute, '/api/v1/areas');
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await visitor.load(areasRoute, '/api/v1/areas');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.data.error.code).toBe('rate_limited');
    // Finished windows go when a new one starts: no address is kept past the hour after its last request.
    await app.services.db.insert(apiRateLimits).values({ key: 'ip:203.0.113.78', windowStart: new Date(Date.now() - 2 * 3600_000), count: 3 });
    await new Visitor(app.services, '203.0.113.79').load(areasRoute, '/api/v1/areas');
    expect(await app.services.db.select().from(apiRateLimits).where(eq(apiRateLimits.key, 'ip:203.0.113.78'))).toEqual([]);
    // A token has its own allowance.
    expect((await visitor.load(areasRoute, '/api/v1/areas', {}, { Authorization: `Bearer ${tokens.get(partner)}` })).status).toBe(200);
  });
});

describe('the OpenAPI document and the /api page', () => {
  const ROUTE_OF: Record<string, Parameters<Visitor['load']>[0]> = {
    initiatives: initiativesRoute,
    lessons: lessonsRoute,
    snapshots: snapshotsRoute,
    organisations: organisationsRoute,
    areas: areasRoute,
    indicators: indicatorsRoute,
    'indicator-values': valuesRoute,
    groups: groupsRoute,
  };

  it('is a valid OpenAPI 3.1 document covering every endpoint', async () => {
    const res = await get(openapiRoute, '/api/openapi.json');
    expect(res.status).toBe(200);
    const document = res.data;
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(document.paths).sort()).toEqual(API_ENDPOINTS.map((e) => e.path).sort());
    expect(document.paths['/api/v1/initiatives'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor', 'tema', 'omrade', 'langsiktig']));
  });

  it('every documented route answers in its documented shape, for an anonymous caller and a token', async () => {
    for (const e of API_ENDPOINTS) {
      const resource = e.path.split('/')[3]!;
      for (const as of [null, memberOfA]) {
        let path = e.path;
        const params: Record<string, string> = {};
        if (e.pathParams) {
          // The first item of the listing stands in for {id} / {code}.
          const list = await get(ROUTE_OF[resource]!, `/api/v1/${resource}`, { as });
          const first = list.data.items[0];
          const [name] = Object.keys(e.pathParams);
          params[name!] = String(first[name!]);
          path = path.replace(`{${name}}`, params[name!]!);
        }
        const res = await get(ROUTE_OF[resource]!, path, { as, params });
        expect(res.status, path).toBe(200);
        const parsed = e.response.safeParse(res.data);
        expect(parsed.error?.issues ?? [], path).toEqual([]);
        // Nothing beyond the schema either (parsing drops unknown keys).
        expect(parsed.data, path).toEqual(res.data);
      }
    }
  });

  it('/api shows a real answer, and unknown API paths answer a JSON 404', async () => {
    const page = await get(docsRoute, '/api');
    expect(page.status).toBe(200);
    expect(JSON.parse(page.data.example).items).toHaveLength(1);
    expect(page.data.endpoints).toHaveLength(API_ENDPOINTS.length);
    const missing = await get(apiNotFoundRoute, '/api/v2/nothing', { params: { '*': 'v2/nothing' } });
    expect(missing.status).toBe(404);
    expect(missing.data.error.code).toBe('not_found');
  });
});

describe('the API tokens page', () => {
  it('creates a token shown once, lists it without the secret, revokes it, and exports it with the personal data', async () => {
    const [person] = await app.people('Token person');
    const created = await person.submit(tokensPage, '/konto/api-nycklar', { intent: 'create', name: 'Forskning', lifetime: '90' });
    expect(created.status).toBe(200);
    const secret = created.data.created.secret as string;
    expect(secret).toMatch(/^svk_[A-Za-z0-9_-]{43}$/);
    expect((await get(initiativesRoute, '/api/v1/initiatives', { token: secret })).status).toBe(200);
    const listed = await person.load(tokensPage, '/konto/api-nycklar');
    expect(listed.data.tokens).toMatchObject([{ name: 'Forskning', state: 'active' }]);
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    const [user] = await app.services.db.select().from(users).where(eq(users.id, person.userId));
    const exported = await buildExport(app.services.db, user!);
    expect(exported.apiTokens).toMatchObject([{ name: 'Forskning', revokedAt: null }]);
    expect(JSON.stringify(exported)).not.toContain(hashToken(secret));

    // Someone else cannot revoke it; its owner can, and it stops at once.
    expect((await outsider.submit(tokensPage, '/konto/api-nycklar', { intent: 'revoke', tokenId: listed.data.tokens[0].id })).status).toBe(404);
    expect((await person.submit(tokensPage, '/konto/api-nycklar', { intent: 'revoke', tokenId: listed.data.tokens[0].id })).data.revoked).toBe(true);
    expect((await get(initiativesRoute, '/api/v1/initiatives', { token: secret })).status).toBe(401);
  });

  it.each([
    [{ intent: 'create', name: '', lifetime: '90' }, 'name'],
    [{ intent: 'create', name: 'x'.repeat(81), lifetime: '90' }, 'name'],
    [{ intent: 'create', name: 'Ok', lifetime: '7' }, 'lifetime'],
  ])('refuses %j', async (fields, field) => {
    const res = await partner.submit(tokensPage, '/konto/api-nycklar', fields);
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors)).toEqual([field]);
  });

  it('is for signed-in people only', async () => {
    expect((await new Visitor(app.services).load(tokensPage, '/konto/api-nycklar')).status).toBe(302);
  });
});
