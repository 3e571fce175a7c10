/**
 * The read API's shapes, in one place: the query parameters each listing
 * takes and the answers it gives. Routes parse their query with these and
 * shape their answers with them; /api/openapi.json is generated from them
 * (app/api/openapi.ts), so the document cannot drift from the answers.
 *
 * Filter names are those of the browse pages (Swedish, as in the URLs people
 * share), so a browse page's query string works on the API as it stands.
 */
import { z } from 'zod/v4';
import { CHARACTERISTIC_PARAMS } from '#app/content/initiative-filters.ts';
import { GROUP_OPENNESS, INITIATIVE_STATUSES, SECTORS, SUCCESS_FACTORS, THEMES, VISIBILITIES } from '#app/vocabulary.ts';

/** The named schemas: each becomes a component of the OpenAPI document. */
export const apiRegistry = z.registry<{ id: string; description?: string }>();

export const API_PAGE_SIZE = { default: 20, max: 100 } as const;

// ---------------------------------------------------------------------------
// Query parameters (everything arrives as text)

const pageParams = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(API_PAGE_SIZE.max)
    .default(API_PAGE_SIZE.default)
    .describe(`Items per page, 1–${API_PAGE_SIZE.max} (default ${API_PAGE_SIZE.default}).`),
  cursor: z.string().max(512).optional().describe('Opaque: the `next` link of the previous page carries it.'),
};

const areaCode = z
  .string()
  .regex(/^(\d{2}|\d{4})$/, 'a län (2 digits) or kommun (4 digits) code')
  .describe('Area code: a kommun (4 digits) or a län (2 digits, every kommun in it).');
const on = z.literal('1');
const uuidParam = z.uuid();

export const initiativeQuery = z.strictObject({
  ...pageParams,
  omrade: areaCode.optional(),
  tema: z.enum(THEMES).optional().describe('Theme.'),
  faktor: z.enum(SUCCESS_FACTORS).optional().describe('Success factor.'),
  status: z.enum(INITIATIVE_STATUSES).optional(),
  sektor: z.enum(SECTORS).optional().describe("The owning organisation's sector."),
  ar: z.coerce.number().int().min(1990).max(2100).optional().describe('A year the initiative ran during.'),
  [CHARACTERISTIC_PARAMS.longTerm]: on.optional().describe('1: three years or more.'),
  [CHARACTERISTIC_PARAMS.crossSector]: on.optional().describe('1: owner and partners span two sectors or more.'),
  [CHARACTERISTIC_PARAMS.evaluated]: on.optional().describe('1: something is recorded about an evaluation.'),
  [CHARACTERISTIC_PARAMS.withLessons]: on.optional().describe('1: has a published lesson the reader may read.'),
  organisation: uuidParam.optional().describe('Id of the owning organisation.'),
});

export const lessonQuery = z.strictObject({
  ...pageParams,
  omrade: areaCode.optional(),
  tema: z.enum(THEMES).optional().describe('Theme.'),
  faktor: z.enum(SUCCESS_FACTORS).optional().describe('Success factor.'),
  organisation: uuidParam.optional().describe('Id of the owning organisation.'),
});

export const snapshotQuery = z.strictObject({
  ...pageParams,
  omrade: z
    .string()
    .regex(/^[0-9A-Za-z_-]{2,20}$/, 'an area code')
    .optional()
    .describe('The area the snapshot is of (exact code).'),
  organisation: uuidParam.optional().describe('Id of the owning organisation.'),
});

export const organizationQuery = z.strictObject({
  ...pageParams,
  sektor: z.enum(SECTORS).optional(),
  verifierad: on.optional().describe('1: verified organisations only.'),
});

export const AREA_KINDS = ['country', 'county', 'municipality', 'district'] as const;
export const areaQuery = z.strictObject({
  ...pageParams,
  typ: z.enum(AREA_KINDS).optional().describe('Kind of area.'),
  forelder: z
    .string()
    .regex(/^[0-9A-Za-z_-]{2,20}$/, 'an area code')
    .optional()
    .describe('Areas directly under this one.'),
});

export const indicatorQuery = z.strictObject({ ...pageParams });

export const indicatorValueQuery = z.strictObject({
  ...pageParams,
  indikator: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'an indicator code')
    .optional()
    .describe('Indicator code (see /api/v1/indicators).'),
  omrade: z
    .string()
    .regex(/^[0-9A-Za-z_-]{2,20}$/, 'an area code')
    .optional()
    .describe('Area code (exact).'),
  period: z
    .string()
    .regex(/^\d{4}(H[12]|Q[1-4])?$/, 'a period such as 2023, 2023H1 or 2023Q2')
    .optional(),
  uppdelning: z.string().max(40).optional().describe('Breakdown: empty for the total, or e.g. "kvinnor" / "män".'),
});

export const groupQuery = z.strictObject({ ...pageParams });

// ---------------------------------------------------------------------------
// Answers

const url = z.url();
const timestamp = z.iso.datetime();
const organizationRef = z.object({ id: z.uuid(), name: z.string(), link: url });

export const ApiError = z
  .object({
    error: z.object({
      status: z.int().describe('The HTTP status.'),
      code: z.string().describe('What went wrong, for programs: bad_request, unauthorized, not_found, rate_limited.'),
      message: z.string().describe('What went wrong, for people (names the parameter at fault).'),
    }),
  })
  .register(apiRegistry, { id: 'Error' });

/** What initiatives and lessons both begin with: their ids, title and the two summaries. */
const writeUpText = {
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  plainSummary: z.string().describe('The plain-language summary (lättläst sammanfattning), short and in plain Swedish; empty when there is none.'),
};

export const Initiative = z
  .object({
    ...writeUpText,
    status: z.enum(INITIATIVE_STATUSES),
    startDate: z.iso.date().nullable(),
    endDate: z.iso.date().nullable(),
    themes: z.array(z.enum(THEMES)),
    successFactors: z.array(z.enum(SUCCESS_FACTORS)),
    visibility: z.enum(VISIBILITIES),
    publishedAt: timestamp,
    updatedAt: timestamp,
    organization: organizationRef.extend({ sector: z.enum(SECTORS) }),
    areaCodes: z.array(z.string()),
    links: z.object({ self: url, html: url, areas: z.array(url) }),
  })
  .register(apiRegistry, { id: 'Initiative', description: 'A published initiative write-up.' });

export const Lesson = z
  .object({
    ...writeUpText,
    themes: z.array(z.enum(THEMES)),
    successFactors: z.array(z.enum(SUCCESS_FACTORS)),
    visibility: z.enum(VISIBILITIES),
    publishedAt: timestamp,
    updatedAt: timestamp,
    organization: organizationRef,
    links: z.object({ self: url, html: url }),
  })
  .register(apiRegistry, { id: 'Lesson', description: 'A published lesson learned.' });

export const Snapshot = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    visibility: z.enum(VISIBILITIES),
    publishedAt: timestamp,
    updatedAt: timestamp,
    organization: organizationRef,
    links: z.object({ self: url, html: url, area: url }),
  })
  .register(apiRegistry, { id: 'Snapshot', description: 'A published indicator snapshot: frozen values for an area and span of periods.' });

export const Organization = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    sector: z.enum(SECTORS),
    municipalityCode: z.string().nullable(),
    description: z.string(),
    website: z.string().nullable(),
    verified: z.boolean(),
    links: z.object({ self: url, html: url, initiatives: url, lessons: url }),
  })
  .register(apiRegistry, { id: 'Organization', description: 'An organisation profile (public).' });

export const Area = z
  .object({
    code: z.string(),
    kind: z.enum(AREA_KINDS),
    name: z.string(),
    parentCode: z.string().nullable(),
    links: z.object({ self: url, parent: url.nullable(), children: url, indicatorValues: url, initiatives: url }),
  })
  .register(apiRegistry, { id: 'Area', description: 'The country, a län, a kommun or a district, by official code.' });

export const Indicator = z
  .object({
    code: z.string(),
    nameSv: z.string(),
    nameEn: z.string(),
    descriptionSv: z.string(),
    descriptionEn: z.string(),
    unit: z.string(),
    source: z.string(),
    higherIsBetter: z.boolean(),
    decimals: z.int(),
    isExample: z.boolean().describe('Example data, not real statistics.'),
    links: z.object({ self: url, values: url, html: url }),
  })
  .register(apiRegistry, { id: 'Indicator', description: 'A statistic followed over time.' });

export const IndicatorValue = z
  .object({
    id: z.int(),
    indicatorCode: z.string(),
    areaCode: z.string(),
    period: z.string().describe('"2023", "2023H1" or "2023Q2".'),
    breakdown: z.string().describe('Empty for the total.'),
    value: z.number(),
    updatedAt: timestamp,
    provenance: z.object({ source: z.string().nullable(), retrievedAt: timestamp.nullable() }).describe('The import the value came from.'),
    links: z.object({ indicator: url, area: url }),
  })
  .register(apiRegistry, { id: 'IndicatorValue', description: 'One value: indicator × area × period × breakdown.' });

export const WorkingGroup = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    openness: z.enum(GROUP_OPENNESS),
    archived: z.boolean(),
    areaCode: z.string().nullable(),
    counts: z.object({ members: z.int(), organizations: z.int() }).nullable().describe('Only for readers who may see the overview.'),
    links: z.object({ self: url, html: url }),
  })
  .register(apiRegistry, { id: 'WorkingGroup', description: 'A working group whose name the reader may see.' });

const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      next: url.nullable().describe('The next page, or null on the last one.'),
    })
    .register(apiRegistry, { id });

export const InitiativePage = pageOf(Initiative, 'InitiativePage');
export const LessonPage = pageOf(Lesson, 'LessonPage');
export const SnapshotPage = pageOf(Snapshot, 'SnapshotPage');
export const OrganizationPage = pageOf(Organization, 'OrganizationPage');
export const AreaPage = pageOf(Area, 'AreaPage');
export const IndicatorPage = pageOf(Indicator, 'IndicatorPage');
export const IndicatorValuePage = pageOf(IndicatorValue, 'IndicatorValuePage');
export const WorkingGroupPage = pageOf(WorkingGroup, 'WorkingGroupPage');

// ---------------------------------------------------------------------------
// The endpoints: what the OpenAPI document and the /api page describe.

export interface ApiEndpoint {
  path: string;
  operationId: string;
  summary: string;
  /** The route's query parameters (strict: any other name is a 400). */
  query: z.ZodObject;
  /** Path parameters and what they hold. */
  pathParams?: Record<string, { description: string; schema: z.ZodType }>;
  response: z.ZodType;
  /** An example request (path and query) for the /api page and the tests. */
  example: string;
}

/** Single items take no query parameters. */
export const noQuery = z.strictObject({});
const idParam = { id: { description: 'The stable id.', schema: z.uuid() } };
const codeParam = { code: { description: 'The code.', schema: z.string().max(40) } };

export const API_ENDPOINTS: ApiEndpoint[] = [
  { path: '/api/v1/initiatives', operationId: 'listInitiatives', summary: 'Initiatives, newest first', query: initiativeQuery, response: InitiativePage, example: '/api/v1/initiatives?tema=work&limit=2' },
  { path: '/api/v1/initiatives/{id}', operationId: 'getInitiative', summary: 'One initiative', query: noQuery, pathParams: idParam, response: Initiative, example: '/api/v1/initiatives/{id}' },
  { path: '/api/v1/lessons', operationId: 'listLessons', summary: 'Lessons learned, newest first', query: lessonQuery, response: LessonPage, example: '/api/v1/lessons?limit=2' },
  { path: '/api/v1/lessons/{id}', operationId: 'getLesson', summary: 'One lesson', query: noQuery, pathParams: idParam, response: Lesson, example: '/api/v1/lessons/{id}' },
  { path: '/api/v1/snapshots', operationId: 'listSnapshots', summary: 'Indicator snapshots, newest first', query: snapshotQuery, response: SnapshotPage, example: '/api/v1/snapshots?limit=2' },
  { path: '/api/v1/snapshots/{id}', operationId: 'getSnapshot', summary: 'One snapshot', query: noQuery, pathParams: idParam, response: Snapshot, example: '/api/v1/snapshots/{id}' },
  { path: '/api/v1/organisations', operationId: 'listOrganisations', summary: 'Organisations, by slug', query: organizationQuery, response: OrganizationPage, example: '/api/v1/organisations?sektor=kommun' },
  { path: '/api/v1/organisations/{id}', operationId: 'getOrganisation', summary: 'One organisation', query: noQuery, pathParams: idParam, response: Organization, example: '/api/v1/organisations/{id}' },
  { path: '/api/v1/areas', operationId: 'listAreas', summary: 'Areas, by code', query: areaQuery, response: AreaPage, example: '/api/v1/areas?typ=municipality&forelder=01' },
  { path: '/api/v1/areas/{code}', operationId: 'getArea', summary: 'One area', query: noQuery, pathParams: codeParam, response: Area, example: '/api/v1/areas/0180' },
  { path: '/api/v1/indicators', operationId: 'listIndicators', summary: 'Indicators, by code', query: indicatorQuery, response: IndicatorPage, example: '/api/v1/indicators' },
  { path: '/api/v1/indicators/{code}', operationId: 'getIndicator', summary: 'One indicator', query: noQuery, pathParams: codeParam, response: Indicator, example: '/api/v1/indicators/{code}' },
  { path: '/api/v1/indicator-values', operationId: 'listIndicatorValues', summary: 'Indicator values with provenance', query: indicatorValueQuery, response: IndicatorValuePage, example: '/api/v1/indicator-values?omrade=0180&limit=5' },
  { path: '/api/v1/groups', operationId: 'listGroups', summary: 'Working groups whose name the reader may see', query: groupQuery, response: WorkingGroupPage, example: '/api/v1/groups' },
  { path: '/api/v1/groups/{id}', operationId: 'getGroup', summary: 'One working group', query: noQuery, pathParams: idParam, response: WorkingGroup, example: '/api/v1/groups/{id}' },
];
