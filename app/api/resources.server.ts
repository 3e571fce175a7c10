/**
 * The read API's resources: each listing and each single item, shaped by
 * the schemas in ./schemas.ts. What a reader may see comes from the policy
 * module twice over: the queries narrow by `readerContentScope`, and every
 * row is checked again with the same rule before it is shaped.
 */
import type { z } from 'zod/v4';
import * as q from '#db/queries/api.server.ts';
import { listGroupSummaries } from '#db/queries/groups.server.ts';
import { CHARACTERISTIC_PARAMS } from '#app/content/initiative-filters.ts';
import { canReadVisibility, groupPermissions, readerContentScope } from '#app/policy.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { decodeCursor, encodeCursor, type CursorKey } from './cursor.ts';
import { apiNotFound, badApiRequest, codeParam, parseQuery, uuidParam, type ApiRequest } from './http.server.ts';
import * as s from './schemas.ts';

type Page<T> = { items: T[]; next: string | null };

/** The cursor of the request, checked against its listing; 400 when it is not one of ours. */
function cursorOf(api: ApiRequest, raw: string | undefined, listing: string, types: readonly ('string' | 'number')[]): CursorKey | null {
  if (raw === undefined) return null;
  const key = decodeCursor(raw, listing, types);
  if (!key) throw badApiRequest('cursor: malformed, or from another listing (use the `next` link as given)');
  return key;
}

/** One page: `rows` holds up to limit + 1, the extra one saying that a next page exists. */
function pageFrom<R, T>(api: ApiRequest, rows: R[], limit: number, listing: string, keyOf: (row: R) => CursorKey, shape: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  let next: string | null = null;
  if (rows.length > limit && items.length > 0) {
    const url = new URL(api.url.pathname, api.origin);
    for (const [k, v] of api.url.searchParams) if (k !== 'cursor') url.searchParams.set(k, v);
    url.searchParams.set('cursor', encodeCursor(listing, keyOf(items[items.length - 1]!)));
    next = url.toString();
  }
  return { items: items.map(shape), next };
}

const one = <T>(page: Page<T>): T => {
  const [item] = page.items;
  if (item === undefined) throw apiNotFound();
  return item;
};

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const isoOf = (d: Date | null): string => (d ?? new Date(0)).toISOString();

/** The policy's answer for one content row: what the SQL narrowed, asked again. */
const readable = (api: ApiRequest) => (row: { visibility: Visibility; groupId: string | null }) => canReadVisibility(api.actor, row.visibility, row.groupId);

const publishedAfter = (key: CursorKey | null) => (key ? { publishedAt: String(key[0]), id: String(key[1]) } : null);

// ---------------------------------------------------------------------------
// Initiatives

async function initiatives(api: ApiRequest, ids?: string[]): Promise<Page<z.output<typeof s.Initiative>>> {
  const query = parseQuery(api.url, ids ? s.noQuery : s.initiativeQuery) as Partial<z.output<typeof s.initiativeQuery>> & { limit?: number };
  const limit = query.limit ?? 1;
  const after = publishedAfter(cursorOf(api, query.cursor, 'initiatives', ['string', 'string']));
  const rows = await q.initiativesPage(
    api.services.db,
    {
      ...readerContentScope(api.actor),
      ids,
      area: query.omrade,
      theme: query.tema,
      successFactor: query.faktor,
      status: query.status,
      sector: query.sektor,
      year: query.ar,
      longTerm: query[CHARACTERISTIC_PARAMS.longTerm] === '1' || undefined,
      crossSector: query[CHARACTERISTIC_PARAMS.crossSector] === '1' || undefined,
      evaluated: query[CHARACTERISTIC_PARAMS.evaluated] === '1' || undefined,
      withLessons: query[CHARACTERISTIC_PARAMS.withLessons] === '1' || undefined,
      organizationId: query.organisation,
    },
    after,
    limit,
  );
  const o = api.origin;
  return pageFrom(api, rows.filter(readable(api)), limit, 'initiatives', (r) => [r.cursorAt, r.id], (r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    plainSummary: r.plainSummary,
    status: r.status,
    startDate: r.startDate,
    endDate: r.endDate,
    themes: r.themes,
    successFactors: r.successFactors,
    visibility: r.visibility,
    publishedAt: isoOf(r.publishedAt),
    updatedAt: r.updatedAt.toISOString(),
    organization: { id: r.organizationId, name: r.organizationName, sector: r.sector, link: `${o}/api/v1/organisations/${r.organizationId}` },
    areaCodes: r.areaCodes,
    links: { self: `${o}/api/v1/initiatives/${r.id}`, html: `${o}/insatser/${r.slug}`, areas: r.areaCodes.map((c) => `${o}/api/v1/areas/${c}`) },
  }));
}

export const listInitiatives = (api: ApiRequest) => initiatives(api);
export const getInitiative = async (api: ApiRequest) => one(await initiatives(api, [uuidParam(api.params)]));

// ---------------------------------------------------------------------------
// Lessons

async function lessons(api: ApiRequest, ids?: string[]): Promise<Page<z.output<typeof s.Lesson>>> {
  const query = parseQuery(api.url, ids ? s.noQuery : s.lessonQuery) as Partial<z.output<typeof s.lessonQuery>>;
  const limit = query.limit ?? 1;
  const after = publishedAfter(cursorOf(api, query.cursor, 'lessons', ['string', 'string']));
  const rows = await q.lessonsPage(
    api.services.db,
    { ...readerContentScope(api.actor), ids, area: query.omrade, theme: query.tema, successFactor: query.faktor, organizationId: query.organisation },
    after,
    limit,
  );
  const o = api.origin;
  return pageFrom(api, rows.filter(readable(api)), limit, 'lessons', (r) => [r.cursorAt, r.id], (r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    plainSummary: r.plainSummary,
    themes: r.themes,
    successFactors: r.successFactors,
    visibility: r.visibility,
    publishedAt: isoOf(r.publishedAt),
    updatedAt: r.updatedAt.toISOString(),
    organization: { id: r.organizationId, name: r.organizationName, link: `${o}/api/v1/organisations/${r.organizationId}` },
    links: { self: `${o}/api/v1/lessons/${r.id}`, html: `${o}/lardomar/${r.slug}` },
  }));
}

export const listLessons = (api: ApiRequest) => lessons(api);
export const getLesson = async (api: ApiRequest) => one(await lessons(api, [uuidParam(api.params)]));

// ---------------------------------------------------------------------------
// Snapshots

async function snapshots(api: ApiRequest, ids?: string[]): Promise<Page<z.output<typeof s.Snapshot>>> {
  const query = parseQuery(api.url, ids ? s.noQuery : s.snapshotQuery) as Partial<z.output<typeof s.snapshotQuery>>;
  const limit = query.limit ?? 1;
  const after = publishedAfter(cursorOf(api, query.cursor, 'snapshots', ['string', 'string']));
  const rows = await q.snapshotsPage(api.services.db, { ...readerContentScope(api.actor), ids, areaCode: query.omrade, organizationId: query.organisation }, after, limit);
  const o = api.origin;
  return pageFrom(api, rows.filter(readable(api)), limit, 'snapshots', (r) => [r.cursorAt, r.id], (r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    areaCode: r.areaCode,
    areaName: r.areaName,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    visibility: r.visibility,
    publishedAt: isoOf(r.publishedAt),
    updatedAt: r.updatedAt.toISOString(),
    organization: { id: r.organizationId, name: r.organizationName, link: `${o}/api/v1/organisations/${r.organizationId}` },
    links: { self: `${o}/api/v1/snapshots/${r.id}`, html: `${o}/ogonblicksbilder/${r.slug}`, area: `${o}/api/v1/areas/${r.areaCode}` },
  }));
}

export const listSnapshots = (api: ApiRequest) => snapshots(api);
export const getSnapshot = async (api: ApiRequest) => one(await snapshots(api, [uuidParam(api.params)]));

// ---------------------------------------------------------------------------
// Organisations (public profiles: the policy's `organizationPermissions(...).view` is always true)

async function organizations(api: ApiRequest, ids?: string[]): Promise<Page<z.output<typeof s.Organization>>> {
  const query = parseQuery(api.url, ids ? s.noQuery : s.organizationQuery) as Partial<z.output<typeof s.organizationQuery>>;
  const limit = query.limit ?? 1;
  const after = cursorOf(api, query.cursor, 'organisations', ['string']);
  const rows = await q.organizationsPage(api.services.db, { sector: query.sektor, verifiedOnly: query.verifierad === '1', ids }, after ? String(after[0]) : null, limit);
  const o = api.origin;
  return pageFrom(api, rows, limit, 'organisations', (r) => [r.slug], (r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    sector: r.sector,
    municipalityCode: r.municipalityCode,
    description: r.description,
    website: r.website,
    verified: r.verifiedAt !== null,
    links: {
      self: `${o}/api/v1/organisations/${r.id}`,
      html: `${o}/organisationer/${r.slug}`,
      initiatives: `${o}/api/v1/initiatives?organisation=${r.id}`,
      lessons: `${o}/api/v1/lessons?organisation=${r.id}`,
    },
  }));
}

export const listOrganizations = (api: ApiRequest) => organizations(api);
export const getOrganization = async (api: ApiRequest) => one(await organizations(api, [uuidParam(api.params)]));

// ---------------------------------------------------------------------------
// Areas, indicators and their values (public statistics)

async function areas(api: ApiRequest, codes?: string[]): Promise<Page<z.output<typeof s.Area>>> {
  const query = parseQuery(api.url, codes ? s.noQuery : s.areaQuery) as Partial<z.output<typeof s.areaQuery>>;
  const limit = query.limit ?? 1;
  const after = cursorOf(api, query.cursor, 'areas', ['string']);
  const rows = await q.areasPage(api.services.db, { kind: query.typ, parentCode: query.forelder, codes }, after ? String(after[0]) : null, limit);
  const o = api.origin;
  return pageFrom(api, rows, limit, 'areas', (r) => [r.code], (r) => ({
    code: r.code,
    kind: r.kind,
    name: r.name,
    parentCode: r.parentCode,
    links: {
      self: `${o}/api/v1/areas/${r.code}`,
      parent: r.parentCode ? `${o}/api/v1/areas/${r.parentCode}` : null,
      children: `${o}/api/v1/areas?forelder=${r.code}`,
      indicatorValues: `${o}/api/v1/indicator-values?omrade=${r.code}`,
      initiatives: `${o}/api/v1/initiatives?omrade=${r.code}`,
    },
  }));
}

export const listAreas = (api: ApiRequest) => areas(api);
export const getArea = async (api: ApiRequest) => one(await areas(api, [codeParam(api.params)]));

async function indicators(api: ApiRequest, codes?: string[]): Promise<Page<z.output<typeof s.Indicator>>> {
  const query = parseQuery(api.url, codes ? s.noQuery : s.indicatorQuery) as Partial<z.output<typeof s.indicatorQuery>>;
  const limit = query.limit ?? 1;
  const after = cursorOf(api, query.cursor, 'indicators', ['string']);
  const rows = await q.indicatorsPage(api.services.db, { codes }, after ? String(after[0]) : null, limit);
  const o = api.origin;
  return pageFrom(api, rows, limit, 'indicators', (r) => [r.code], (r) => ({
    ...r,
    links: { self: `${o}/api/v1/indicators/${r.code}`, values: `${o}/api/v1/indicator-values?indikator=${encodeURIComponent(r.code)}`, html: `${o}/statistik/${encodeURIComponent(r.code)}` },
  }));
}

export const listIndicators = (api: ApiRequest) => indicators(api);
export const getIndicator = async (api: ApiRequest) => one(await indicators(api, [codeParam(api.params)]));

export async function listIndicatorValues(api: ApiRequest): Promise<Page<z.output<typeof s.IndicatorValue>>> {
  const query = parseQuery(api.url, s.indicatorValueQuery);
  const after = cursorOf(api, query.cursor, 'indicator-values', ['number']);
  if (query.indikator && !(await q.indicatorExists(api.services.db, query.indikator))) throw badApiRequest(`indikator: unknown indicator ${JSON.stringify(query.indikator)}`);
  const rows = await q.indicatorValuesPage(
    api.services.db,
    { indicatorCode: query.indikator, areaCode: query.omrade, period: query.period, breakdown: query.uppdelning },
    after ? Number(after[0]) : null,
    query.limit,
  );
  const o = api.origin;
  return pageFrom(api, rows, query.limit, 'indicator-values', (r) => [r.id], (r) => ({
    id: r.id,
    indicatorCode: r.indicatorCode,
    areaCode: r.areaCode,
    period: r.period,
    breakdown: r.breakdown,
    value: Number(r.value),
    updatedAt: r.updatedAt.toISOString(),
    provenance: { source: r.source, retrievedAt: iso(r.retrievedAt) },
    links: { indicator: `${o}/api/v1/indicators/${encodeURIComponent(r.indicatorCode)}`, area: `${o}/api/v1/areas/${r.areaCode}` },
  }));
}

// ---------------------------------------------------------------------------
// Working groups: those whose name the reader may see, with counts where they may see the overview

async function groups(api: ApiRequest, id?: string): Promise<Page<z.output<typeof s.WorkingGroup>>> {
  const query = parseQuery(api.url, id ? s.noQuery : s.groupQuery) as Partial<z.output<typeof s.groupQuery>>;
  const limit = query.limit ?? 1;
  const after = cursorOf(api, query.cursor, 'groups', ['string']);
  const all = await listGroupSummaries(api.services.db, { memberOf: api.actor.groupMemberships.map((g) => g.groupId) });
  const o = api.origin;
  const visible = all
    .map((r) => ({ r, can: groupPermissions(api.actor, { id: r.id, openness: r.openness, listed: r.listed, archived: r.archivedAt !== null, leadCount: r.leadCount }) }))
    .filter(({ r, can }) => can.seeName && (id === undefined || r.id === id) && (after === null || r.slug > String(after[0])))
    .sort((a, b) => (a.r.slug < b.r.slug ? -1 : a.r.slug > b.r.slug ? 1 : 0))
    .slice(0, limit + 1);
  return pageFrom(api, visible, limit, 'groups', ({ r }) => [r.slug], ({ r, can }) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    openness: r.openness,
    archived: r.archivedAt !== null,
    areaCode: can.viewOverview ? r.areaCode : null,
    counts: can.viewOverview ? { members: r.memberCount, organizations: r.organizationCount } : null,
    links: { self: `${o}/api/v1/groups/${r.id}`, html: `${o}/grupper/${r.slug}` },
  }));
}

export const listGroups = (api: ApiRequest) => groups(api);
export const getGroup = async (api: ApiRequest) => one(await groups(api, uuidParam(api.params)));
