/**
 * Bad input never answers 500. Every route module in app/routes.ts is driven
 * with what an outside fuzzer sent: NUL bytes in every form field and search
 * parameter the app reads, NUL and junk in path params, JSON / text / empty /
 * broken multipart bodies, non-numbers and out-of-range numbers. The visitor
 * has rights everywhere (platform admin, admin of a verified organisation,
 * lead of a group, author of the content) so actions get past their guards.
 * A thrown non-Response error or a 5xx status fails the route's test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import routeConfig from '#app/routes.ts';
import { createSession, SESSION_COOKIE } from '#app/auth/session.server.ts';
import { buildRequestContext } from '#app/context.server.ts';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as newSnapshot from '#app/routes/content/snapshots/new.tsx';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { groupMeetings, groupMembers, groupThreads, memberships, organizations, users, workingGroups } from '#db/schema/index.server.ts';
import { TEST_ORIGIN } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

type RouteModule = { loader?: (args: LoaderFunctionArgs) => unknown; action?: (args: ActionFunctionArgs) => unknown };
interface RouteEntry {
  path: string;
  file: string;
}

/** app/routes.ts, flattened (it has no nesting today, but stay honest if it gets some). */
function flatten(entries: readonly { path?: string; file: string; children?: unknown }[], prefix = ''): RouteEntry[] {
  return entries.flatMap((e) => {
    const p = e.path === undefined ? prefix : `${prefix}/${e.path}`;
    const own = { path: p || '/', file: e.file };
    return [own, ...flatten((e.children as typeof entries | undefined) ?? [], p)];
  });
}
const ROUTES = flatten(routeConfig as never);
const ROUTE_MODULES = import.meta.glob('../../app/routes/**/*.{ts,tsx}');

// The names the app reads, collected from its source: form fields and search parameters.
const appDir = path.resolve(import.meta.dirname, '../../app');
const sources = new Map(
  (fs.readdirSync(appDir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => [path.join(appDir, f), fs.readFileSync(path.join(appDir, f), 'utf8')]),
);
const collect = (text: string, re: RegExp) => [...new Set([...text.matchAll(re)].map((m) => m[1]!))].sort();
const allSource = [...sources.values()].join('\n');
const FIELD_NAMES = collect(allSource, /(?:name=["']|formData\.get(?:All)?\(['"]|form\.get(?:All)?\(['"])([A-Za-z][\w]*)/g);
const SEARCH_NAMES = collect(allSource, /(?:searchParams\.get(?:All)?\(|versionParam\(url, )['"]([A-Za-z][\w]*)/g);
const INTENT_RE = /(?:intent === |case |name="intent" value=)['"]([a-z][\w-]*)['"]/g;

/** The intents a route can act on: those named in its module and the app modules it imports, two levels deep. */
function intentsOf(file: string): string[] {
  const seen = new Set<string>();
  let frontier = [path.join(appDir, file)];
  for (let depth = 0; depth <= 2; depth++) {
    const next: string[] = [];
    for (const f of frontier) {
      if (seen.has(f) || !sources.has(f)) continue;
      seen.add(f);
      for (const m of sources.get(f)!.matchAll(/from '((?:\.{1,2}|#app)\/[^']+)'/g)) {
        next.push(m[1]!.startsWith('#app/') ? path.join(appDir, m[1]!.slice('#app/'.length)) : path.resolve(path.dirname(f), m[1]!));
      }
    }
    frontier = next;
  }
  return collect([...seen].map((f) => sources.get(f)!).join('\n'), INTENT_RE).filter((i) => !/_/.test(i));
}

const NUL = 'x\u0000y';
const JUNK_NUMBERS = ['abc', '1e308', '9999999999999999999'];
const JUNK_PARAMS = ['\u0000', NUL, 'abc', '9999999999999999999'];

const app = setUpTestApp();
let person: Person;
let realParams: Record<string, string>;
let fixtures: { orgId: string; groupId: string };

beforeAll(async () => {
  person = await signedUpVisitor(app.services, 'Fuzz');
  await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, person.userId));
  const org = await organizationWith(app.services, { verified: true, members: [[person, 'admin']] });
  const group = await groupWith(app.services, { openness: 'open', members: [[person, org.id, 'lead']] });
  const doc = { type: 'doc' as const, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text' }] }] };
  const [meeting] = await app.services.db
    .insert(groupMeetings)
    .values({ groupId: group.id, createdBy: person.userId, title: 'Möte', startsAt: new Date('2030-01-15T09:00:00Z'), endsAt: new Date('2030-01-15T10:00:00Z'), agenda: doc })
    .returning();
  const [thread] = await app.services.db.insert(groupThreads).values({ groupId: group.id, authorId: person.userId, title: 'Tråd', body: doc }).returning();
  const initiative = await person.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', org.id],
    ['title', 'Fuzz-insats'],
    ['summary', 'Sammanfattning'],
    ['status', 'ongoing'],
  ]);
  expect(initiative.status, JSON.stringify(initiative.data)).toBe(302);
  const lesson = await person.submitPairs(newLesson, '/lardomar/ny', [
    ['organizationId', org.id],
    ['title', 'Fuzz-lärdom'],
    ['summary', 'Sammanfattning'],
  ]);
  expect(lesson.status, JSON.stringify(lesson.data)).toBe(302);
  // A snapshot freezes indicator values, so there must be some to freeze.
  await seedIndicatorDemo(app.services.db, { years: [2019, 2023] });
  const snapshot = await person.submitPairs(newSnapshot, '/ogonblicksbilder/ny', [
    ['organizationId', org.id],
    ['title', 'Fuzz-ögonblicksbild'],
    ['areaCode', '1280'],
    ['indicatorCodes', 'sysselsattning'],
    ['periodFrom', '2019'],
    ['periodTo', '2023'],
  ]);
  expect(snapshot.status, JSON.stringify(snapshot.data)).toBe(302);
  const slugOf = (created: { location?: string | null }) => created.location!.split('?')[0]!.split('/').pop()!;
  const slugs = { insatser: slugOf(initiative), lardomar: slugOf(lesson), ogonblicksbilder: slugOf(snapshot), organisationer: org.slug, grupper: group.slug };
  fixtures = { orgId: org.id, groupId: group.id };
  realParams = { meetingId: meeting!.id, threadId: thread!.id, code: '1280', token: 'abc123', id: '00000000-0000-4000-8000-000000000000', ...slugs };
});
// Whatever a probe managed to change, the next route starts with full rights again.
afterEach(async () => {
  const { db } = app.services;
  await db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, person.userId));
  await db.update(organizations).set({ verifiedAt: new Date() }).where(eq(organizations.id, fixtures.orgId));
  await db.update(memberships).set({ role: 'admin' }).where(eq(memberships.userId, person.userId));
  await db.update(workingGroups).set({ archivedAt: null }).where(eq(workingGroups.id, fixtures.groupId));
  await db.update(groupMembers).set({ role: 'lead' }).where(eq(groupMembers.userId, person.userId));
});

/** Real values for a route's params, so that only the part under test is bad. */
function paramsFor(routePath: string): Record<string, string> {
  const params: Record<string, string> = {};
  const parts = routePath.split('/').filter(Boolean);
  for (const [i, part] of parts.entries()) {
    if (!part.startsWith(':')) continue;
    const name = part.slice(1);
    params[name] = name === 'slug' ? (realParams[parts[i - 1]!] ?? 'finns-inte') : (realParams[name] ?? 'abc');
  }
  return params;
}
const urlFor = (routePath: string, params: Record<string, string>) =>
  routePath.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));

interface Probe {
  label: string;
  kind: 'loader' | 'action';
  params: Record<string, string>;
  search?: string;
  body?: BodyInit | null;
  contentType?: string | null;
}

/** Calls the loader or action the way Remix does and reports a 500 or a thrown error, else null. */
async function probe(route: RouteModule, routePath: string, p: Probe): Promise<string | null> {
  const fn = route[p.kind]!;
  // A fresh session for every probe: a sign-out (of everywhere) must not leave the rest signed out.
  const { token } = await createSession(app.services.db, person.userId);
  const headers = new Headers({ cookie: `${SESSION_COOKIE}=${token}`, Origin: TEST_ORIGIN });
  if (p.contentType) headers.set('Content-Type', p.contentType);
  const url = `${TEST_ORIGIN}${urlFor(routePath, p.params)}${p.search ?? ''}`;
  const request = new Request(url, p.kind === 'action' ? { method: 'POST', headers, body: p.body ?? null } : { headers });
  const context = await buildRequestContext(app.services, request.headers, { ip: '192.0.2.99' });
  try {
    const value = await fn({ request, params: p.params, context } as never);
    const status = value instanceof Response ? value.status : (value as { init?: ResponseInit | null } | null)?.init?.status;
    // The search page says 503 while Meilisearch is unavailable (it is not started here): that is its answer, not a crash.
    if (status === 503 && routePath === '/sok') return null;
    return status !== undefined && status >= 500 ? `${p.label}: status ${status}` : null;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status >= 500 ? `${p.label}: thrown status ${thrown.status}` : null;
    // Remix renders a thrown `data(…, { status })` through the error boundary like a thrown Response.
    const thrownData = thrown as { type?: string; init?: ResponseInit | null } | null;
    if (thrownData?.type === 'DataWithResponseInit') {
      const thrownStatus = thrownData.init?.status ?? 200;
      return thrownStatus >= 500 ? `${p.label}: thrown data with status ${thrownStatus}` : null;
    }
    return `${p.label}: threw ${thrown instanceof Error ? `${thrown.message.split('\n')[0]}` : String(thrown)}`;
  }
}

const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
const URLENCODED = 'application/x-www-form-urlencoded';

function probesFor(entry: RouteEntry, route: RouteModule): Probe[] {
  const probes: Probe[] = [];
  const params = paramsFor(entry.path);
  const paramNames = Object.keys(params);
  for (const kind of ['loader', 'action'] as const) {
    if (!route[kind]) continue;
    // NUL and junk in every path param, one at a time.
    for (const name of paramNames)
      for (const junk of JUNK_PARAMS)
        probes.push({ label: `${kind} :${name}=${JSON.stringify(junk)}`, kind, params: { ...params, [name]: junk }, body: form([['intent', 'x']]), contentType: URLENCODED });
  }
  if (route.loader) {
    probes.push({ label: 'loader NUL in every search parameter', kind: 'loader', params, search: `?${form(SEARCH_NAMES.map((n) => [n, NUL]))}` });
    for (const junk of JUNK_NUMBERS)
      probes.push({ label: `loader every search parameter = ${JSON.stringify(junk)}`, kind: 'loader', params, search: `?${form(SEARCH_NAMES.map((n) => [n, junk]))}` });
  }
  if (route.action) {
    probes.push({ label: 'action JSON body', kind: 'action', params, body: JSON.stringify({ intent: 'publish', title: 'x' }), contentType: 'application/json' });
    probes.push({ label: 'action text/plain body', kind: 'action', params, body: 'intent=publish', contentType: 'text/plain' });
    probes.push({ label: 'action empty body, no type', kind: 'action', params, body: null, contentType: null });
    probes.push({ label: 'action empty form', kind: 'action', params, body: '', contentType: URLENCODED });
    probes.push({ label: 'action broken multipart', kind: 'action', params, body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', contentType: 'multipart/form-data; boundary=zz' });
    probes.push({ label: 'action multipart without boundary', kind: 'action', params, body: 'a=b', contentType: 'multipart/form-data' });
    // Uploads are multipart: NUL in every field and in the file's name.
    const upload = new FormData();
    for (const n of FIELD_NAMES) upload.append(n, NUL);
    upload.set('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], 'rapport\u0000.pdf', { type: 'application/pdf' }));
    probes.push({ label: 'action multipart, NUL everywhere and in a file name', kind: 'action', params, body: upload });
    for (const intent of [null, ...intentsOf(entry.file)]) {
      const withIntent = (pairs: [string, string][]): [string, string][] => (intent ? [['intent', intent], ...pairs] : pairs);
      const others = FIELD_NAMES.filter((n) => n !== 'intent');
      // NUL in every field the app reads.
      probes.push({ label: `action intent=${intent} NUL everywhere`, kind: 'action', params, body: form(withIntent(others.map((n) => [n, NUL]))), contentType: URLENCODED });
      // NUL in the text, sound numbers and ids, so that the text gets as far as the database.
      const sound = others.map((n): [string, string] => [n, /version|restore|from|to|jobId|year/i.test(n) ? '1' : /Id$/.test(n) ? params.meetingId ?? realParams.meetingId! : NUL]);
      probes.push({ label: `action intent=${intent} NUL in text`, kind: 'action', params, body: form(withIntent(sound)), contentType: URLENCODED });
      // Only the intent: every other field missing.
      probes.push({ label: `action intent=${intent} nothing else`, kind: 'action', params, body: form(withIntent([])), contentType: URLENCODED });
      for (const junk of JUNK_NUMBERS)
        probes.push({ label: `action intent=${intent} every field ${JSON.stringify(junk)}`, kind: 'action', params, body: form(withIntent(others.map((n) => [n, junk]))), contentType: URLENCODED });
    }
  }
  return probes;
}

describe('no 500 on bad input', () => {
  it('knows what to send', () => {
    expect(ROUTES.length).toBeGreaterThan(50);
    for (const r of ROUTES) expect(ROUTE_MODULES[`../../app/${r.file}`], r.file).toBeDefined();
    expect(FIELD_NAMES).toEqual(expect.arrayContaining(['title', 'version', 'userId', 'jobId', 'restore']));
    expect(SEARCH_NAMES).toEqual(expect.arrayContaining(['fran']));
    expect(intentsOf('routes/content/initiatives/initiative.tsx')).toEqual(expect.arrayContaining(['publish', 'archive', 'unpublish']));
    expect(intentsOf('routes/organizations/members.tsx')).toEqual(expect.arrayContaining(['role', 'remove', 'approve']));
  });

  it.each(ROUTES.map((r) => [r.path, r.file] as const))('%s (%s)', async (routePath, file) => {
    const route = (await ROUTE_MODULES[`../../app/${file}`]!()) as RouteModule;
    const failures: string[] = [];
    for (const p of probesFor({ path: routePath, file }, route)) {
      const failure = await probe(route, routePath, p);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });
});
