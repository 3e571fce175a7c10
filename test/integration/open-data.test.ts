/**
 * Open data (issue 18): the DCAT-AP-SE catalogue (parsed with n3, its JSON-LD expanded with jsonld, every
 * mandatory property of the catalogue, each dataset and each distribution; content negotiation and path
 * suffixes; modified dates from the data's real latest change), the files (only public data, whoever asks:
 * the leak test; licence and column meanings; indicator values with their provenance), and CORS (headers
 * on every read, the preflight, and cookies that never authorise).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import express from 'express';
import jsonld from 'jsonld';
import { Parser, Store, DataFactory, type Term } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import * as catalogRoute from '#app/routes/feeds/catalog.ts';
import * as filesRoute from '#app/routes/feeds/open-data.ts';
import * as pageRoute from '#app/routes/feeds/open-data-page.tsx';
import * as initiativesApi from '#app/routes/api/initiatives.ts';
import { corsPreflight } from '#app/server/security.server.ts';
import { PREFIXES } from '#app/open-data/dcat.server.ts';
import { comments, indicatorImports, indicators, indicatorValues, initiatives } from '#db/schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { Visitor } from '../support/app.ts';
import { insertWriteUp } from '../support/initiatives.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const { namedNode } = DataFactory;
const app = setUpTestApp();
let memberOfGroup: Person;
let commenter: Person;
let orgId: string;
let commenterOrgName: string;
const ids = new Map<string, string>();
const slugs = new Map<string, string>();
let n = 0;
const LATEST = new Date('2026-11-30T10:15:00.000Z');

async function content(kind: 'initiative' | 'lesson' | 'snapshot', title: string, visibility: Visibility, opts: { groupId?: string; state?: 'draft' | 'published'; updatedAt?: Date } = {}) {
  const common = {
    slug: `od-${kind}-${++n}-${process.pid}`,
    title,
    organizationId: orgId,
    visibility,
    groupId: opts.groupId ?? null,
    state: opts.state ?? 'published',
    publishedAt: opts.state === 'draft' ? null : new Date('2026-01-01T00:00:00Z'),
    updatedAt: opts.updatedAt ?? new Date('2026-02-01T00:00:00Z'),
  };
  const id = await insertWriteUp(app.services.db, kind, common);
  ids.set(title, id);
  slugs.set(title, common.slug);
}

/** A comment written straight into its table (the comment pages are tested in comments.test.ts); its id is kept by its text. */
async function comment(kind: 'initiative' | 'lesson' | 'snapshot', itemTitle: string, body: string, opts: { hidden?: boolean; at?: Date } = {}) {
  const at = opts.at ?? new Date('2026-03-01T09:00:00Z');
  const [row] = await app.services.db
    .insert(comments)
    .values({ contentType: kind, contentId: ids.get(itemTitle)!, authorId: commenter.userId, body, createdAt: at, ...(opts.hidden ? { hiddenAt: at, hiddenBy: commenter.userId, hiddenReason: 'Test' } : {}) })
    .returning({ id: comments.id });
  ids.set(body, row!.id);
}

/** A fresh visitor without cookies, unless one is given. */
const get = (route: Parameters<Visitor['load']>[0], path: string, headers: Record<string, string> = {}, as?: Visitor) =>
  (as ?? new Visitor(app.services, `198.51.100.${(n++ % 200) + 1}`)).load(route, path, {}, headers);

beforeAll(async () => {
  let editor: Person;
  [editor, memberOfGroup, commenter] = await app.people('Editor', 'Group member', 'Kim Kommentar');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor'], [memberOfGroup, 'member']] })).id;
  commenterOrgName = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[commenter, 'member']] })).name;
  await organizationWith(app.services, { verified: false, members: [[commenter, 'admin']] }); // not verified: not shown with the comments
  const group = await groupWith(app.services, { openness: 'closed', members: [[memberOfGroup, orgId, 'lead']] });
  for (const kind of ['initiative', 'lesson', 'snapshot'] as const) {
    await content(kind, `Öppen ${kind}`, 'public', { updatedAt: kind === 'initiative' ? LATEST : undefined });
    await content(kind, `Hemlig partner ${kind}`, 'partners', { updatedAt: new Date('2026-12-01T00:00:00Z') });
    await content(kind, `Hemlig grupp ${kind}`, 'group', { groupId: group.id, updatedAt: new Date('2026-12-01T00:00:00Z') });
    await content(kind, `Hemligt utkast ${kind}`, 'public', { state: 'draft', updatedAt: new Date('2026-12-01T00:00:00Z') });
  }
  // Comments: public ones, and what must never reach a file (later dates, so `modified` shows they are ignored).
  const later = new Date('2026-12-02T00:00:00Z');
  await comment('initiative', 'Öppen initiative', 'Öppen fråga om insatsen');
  await comment('lesson', 'Öppen lesson', 'Öppen fråga om lärdomen', { at: new Date('2026-03-02T09:00:00Z') });
  await comment('initiative', 'Öppen initiative', 'Hemlig dold kommentar', { hidden: true, at: later });
  await comment('initiative', 'Hemlig partner initiative', 'Hemlig partnerkommentar', { at: later });
  await comment('lesson', 'Hemlig grupp lesson', 'Hemlig gruppkommentar', { at: later });
  await comment('snapshot', 'Hemligt utkast snapshot', 'Hemlig utkastkommentar', { at: later });
  const db = app.services.db;
  await db.insert(indicators).values([
    { code: 'OD_TEST', nameSv: 'Andel förvärvsarbetande', nameEn: 'Share in employment', descriptionSv: 'Andel 20–64 år.', descriptionEn: 'Share aged 20–64.', unit: 'procent', source: 'SCB', higherIsBetter: true },
    { code: 'OD_EXAMPLE', nameSv: 'Exempel', nameEn: 'Example', unit: 'antal', source: 'Exempeldata', higherIsBetter: true, isExample: true },
  ]);
  const [imp] = await db
    .insert(indicatorImports)
    .values({ source: 'SCB (tabell AM0207)', retrievedAt: new Date('2026-10-01T08:00:00Z'), format: 'csv', fileName: 'am0207.csv', fileSha256: 'x'.repeat(64), rowCount: 2, changedCount: 2 })
    .returning({ id: indicatorImports.id });
  ids.set('import', imp!.id);
  await db.insert(indicatorValues).values([
    { indicatorCode: 'OD_TEST', areaCode: '0180', period: '2023', breakdown: '', value: 71.5, importId: imp!.id, updatedAt: new Date('2026-10-02T00:00:00Z') },
    { indicatorCode: 'OD_TEST', areaCode: '0180', period: '2023', breakdown: 'kvinnor', value: 69.25, importId: imp!.id, updatedAt: new Date('2026-10-02T00:00:00Z') },
    { indicatorCode: 'OD_EXAMPLE', areaCode: '0180', period: '2023', breakdown: '', value: 3, importId: null },
  ]);
});

const ns = (prefix: keyof typeof PREFIXES, local: string) => namedNode(PREFIXES[prefix] + local);

async function catalogueStore(): Promise<{ store: Store; turtle: string }> {
  const res = await get(catalogRoute, '/oppna-data/katalog.ttl');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
  const store = new Store(new Parser({ format: 'text/turtle' }).parse(res.data as string));
  return { store, turtle: res.data as string };
}

describe('the DCAT-AP-SE catalogue', () => {
  let store: Store;
  const objects = (s: Term, p: Term) => store.getObjects(s, p, null);
  const one = (s: Term, p: Term) => {
    const os = objects(s, p);
    expect(os.length, `${s.value} ${p.value}`).toBeGreaterThan(0);
    return os[0]!;
  };
  /** A text in Swedish and in English. */
  const bilingual = (s: Term, p: Term) => {
    const langs = objects(s, p).map((o) => (o.termType === 'Literal' ? o.language : ''));
    expect(langs.sort(), `${s.value} ${p.value}`).toEqual(['en', 'sv']);
  };
  const EU = 'http://publications.europa.eu/resource/authority/';

  beforeAll(async () => {
    store = (await catalogueStore()).store;
  });

  it('parses with n3 and holds every mandatory property of the catalogue, its publisher and contact point', () => {
    const [catalogue, ...others] = store.getSubjects(ns('rdf', 'type'), ns('dcat', 'Catalog'), null);
    expect(others).toEqual([]);
    expect(catalogue!.value).toBe('http://samverka.test/oppna-data/katalog');
    bilingual(catalogue!, ns('dcterms', 'title'));
    bilingual(catalogue!, ns('dcterms', 'description'));
    expect(one(catalogue!, ns('dcterms', 'license')).value).toBe('http://creativecommons.org/licenses/by/4.0/');
    expect(objects(catalogue!, ns('dcat', 'dataset')).length).toBe(5); // initiatives, lessons, snapshots, comments, one real indicator
    const publisher = one(catalogue!, ns('dcterms', 'publisher'));
    expect(store.has(DataFactory.quad(publisher as never, ns('rdf', 'type'), ns('foaf', 'Agent')))).toBe(true);
    expect(one(publisher, ns('foaf', 'name')).value).toBe('Samverka');
    expect(one(publisher, ns('dcterms', 'type')).value).toBe('http://purl.org/adms/publishertype/LocalAuthority');
    expect(one(catalogue!, ns('dcterms', 'modified')).value).toBe(LATEST.toISOString());
  });

  it('describes each dataset with every mandatory property, in Swedish and English', () => {
    const datasets = store.getSubjects(ns('rdf', 'type'), ns('dcat', 'Dataset'), null);
    expect(datasets.map((d) => d.value.split('#')[1]).sort()).toEqual(['indikatorvarden-OD_TEST', 'insatser', 'kommentarer', 'lardomar', 'ogonblicksbilder']);
    for (const d of datasets) {
      bilingual(d, ns('dcterms', 'title'));
      bilingual(d, ns('dcterms', 'description'));
      expect(objects(d, ns('dcterms', 'publisher')).length).toBe(1);
      const contact = one(d, ns('dcat', 'contactPoint'));
      expect(one(contact, ns('vcard', 'fn')).value).toBe('Samverka');
      expect(one(contact, ns('vcard', 'hasEmail')).value).toBe('mailto:oppnadata@samverka.local');
      expect(objects(d, ns('dcat', 'theme')).map((t) => t.value)).toEqual(expect.arrayContaining([`${EU}data-theme/SOCI`, `${EU}data-theme/REGI`]));
      // CSV, JSON and the API listing; the API has no comments, so they have the two files.
      expect(objects(d, ns('dcat', 'distribution')).length).toBe(d.value.endsWith('#kommentarer') ? 2 : 3);
      expect(one(d, ns('dcterms', 'modified')).termType).toBe('Literal');
    }
    // dcterms:modified is the data's latest change that the public sees: not the later partners-only, group-only or draft edits.
    expect(one(namedNode('http://samverka.test/oppna-data/katalog#insatser'), ns('dcterms', 'modified')).value).toBe(LATEST.toISOString());
    expect(one(namedNode('http://samverka.test/oppna-data/katalog#lardomar'), ns('dcterms', 'modified')).value).toBe('2026-02-01T00:00:00.000Z');
    // Comments: the newest public one, not the later hidden, partners-only, group-only or draft ones.
    expect(one(namedNode('http://samverka.test/oppna-data/katalog#kommentarer'), ns('dcterms', 'modified')).value).toBe('2026-03-02T09:00:00.000Z');
    expect(store.getObjects(namedNode('http://samverka.test/oppna-data/katalog#api'), ns('dcat', 'servesDataset'), null).map((o) => o.value)).not.toContain('http://samverka.test/oppna-data/katalog#kommentarer');
    expect(one(namedNode('http://samverka.test/oppna-data/katalog#indikatorvarden-OD_TEST'), ns('dcterms', 'modified')).value).toBe('2026-10-02T00:00:00.000Z');
  });

  it('describes each distribution: access and download URL, IANA media type, format and licence, and the files answer', async () => {
    const distributions = store.getSubjects(ns('rdf', 'type'), ns('dcat', 'Distribution'), null);
    expect(distributions).toHaveLength(14);
    for (const x of distributions) {
      bilingual(x, ns('dcterms', 'title'));
      const access = one(x, ns('dcat', 'accessURL')).value;
      const mediaType = one(x, ns('dcat', 'mediaType')).value;
      expect(mediaType).toMatch(/^http:\/\/www\.iana\.org\/assignments\/media-types\/(text\/csv|application\/json)$/);
      expect(one(x, ns('dcterms', 'format')).value).toMatch(new RegExp(`^${EU}file-type/(CSV|JSON)$`));
      expect(one(x, ns('dcterms', 'license')).value).toBe('http://creativecommons.org/licenses/by/4.0/');
      if (access.includes('/oppna-data/')) {
        expect(one(x, ns('dcat', 'downloadURL')).value).toBe(access);
        const file = await get(filesRoute, new URL(access).pathname);
        expect(file.status, access).toBe(200);
        expect(file.headers.get('content-type')).toContain(mediaType.endsWith('csv') ? 'text/csv' : 'application/json');
      } else {
        expect(access).toMatch(/^http:\/\/samverka\.test\/api\/v1\//);
        expect(one(x, ns('dcat', 'accessService')).value).toBe('http://samverka.test/oppna-data/katalog#api');
      }
    }
    const api = namedNode('http://samverka.test/oppna-data/katalog#api');
    expect(one(api, ns('dcat', 'endpointURL')).value).toBe('http://samverka.test/api/v1');
    expect(one(api, ns('dcat', 'endpointDescription')).value).toBe('http://samverka.test/api/openapi.json');
  });

  it('is the same graph as JSON-LD, which expands', async () => {
    const { store: turtleStore } = await catalogueStore();
    const res = await get(catalogRoute, '/oppna-data/katalog.jsonld');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const doc = JSON.parse(res.data as string);
    // Compacted with an inline context: expanding it fetches nothing (a loader that would is refused).
    const documentLoader = async (url: string): Promise<never> => {
      throw new Error(`the JSON-LD asked to fetch ${url}`);
    };
    const expanded = await jsonld.expand(doc, { documentLoader });
    expect(expanded).toHaveLength(23); // the catalogue, its publisher, contact point and API, 5 datasets, 14 distributions
    const catalogue = expanded.find((node) => (node['@type'] as string[] | undefined)?.includes('http://www.w3.org/ns/dcat#Catalog'));
    expect(catalogue?.['http://purl.org/dc/terms/title']).toEqual(expect.arrayContaining([expect.objectContaining({ '@language': 'sv' }), expect.objectContaining({ '@language': 'en' })]));
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader })) as unknown as string;
    expect(new Parser({ format: 'N-Quads' }).parse(nquads).length).toBe(turtleStore.size);
  });

  it('negotiates on Accept, and takes the format from the path suffix', async () => {
    const path = '/oppna-data/katalog';
    const type = async (accept: string | null, at = path) => {
      const res = await get(catalogRoute, at, accept === null ? {} : { Accept: accept });
      return [res.status, res.headers.get('content-type') ?? res.headers.get('location')];
    };
    expect(await type('text/turtle')).toEqual([200, 'text/turtle; charset=utf-8']);
    expect(await type('application/ld+json')).toEqual([200, 'application/ld+json; charset=utf-8']);
    expect(await type('application/json')).toEqual([200, 'application/json; charset=utf-8']);
    expect(await type('application/ld+json;q=0.9, text/turtle;q=0.5')).toEqual([200, 'application/ld+json; charset=utf-8']);
    expect(await type(null)).toEqual([200, 'text/turtle; charset=utf-8']); // a harvester that sends no Accept
    expect(await type('*/*')).toEqual([200, 'text/turtle; charset=utf-8']);
    // A browser is sent to the page for people.
    expect(await type('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toEqual([303, '/oppna-data']);
    expect(await type('image/png')).toEqual([406, 'text/plain; charset=utf-8']);
    expect((await get(catalogRoute, path, { Accept: 'text/turtle' })).headers.get('vary')).toBe('Accept');
    // The suffix wins over Accept.
    expect(await type('text/html', `${path}.ttl`)).toEqual([200, 'text/turtle; charset=utf-8']);
    expect(await type('text/turtle', `${path}.jsonld`)).toEqual([200, 'application/ld+json; charset=utf-8']);
  });

  it('shows the catalogue to people at /oppna-data', async () => {
    const page = await get(pageRoute, '/oppna-data');
    expect(page.status).toBe(200);
    expect(page.data.datasets.map((d: { id: string }) => d.id)).toEqual(['insatser', 'lardomar', 'ogonblicksbilder', 'kommentarer', 'indikatorvarden-OD_TEST']);
    expect(page.data.datasets[0].files.map((f: { url: string }) => f.url)).toContain('http://samverka.test/oppna-data/insatser.csv');
  });
});

describe('the open-data files', () => {
  const SECRETS = ['Hemlig partner', 'Hemlig grupp', 'Hemligt utkast'];
  const paths = ['insatser', 'lardomar', 'ogonblicksbilder'].flatMap((p) => [`/oppna-data/${p}.csv`, `/oppna-data/${p}.json`]);

  it('hold public items only, whoever asks: partners-only, group-only and drafts never appear (the leak test)', async () => {
    for (const path of paths) {
      for (const [who, as] of [
        ['anonymous', undefined],
        ['a member of the group and the organisation, with their session cookie', memberOfGroup],
      ] as const) {
        const res = await get(filesRoute, path, {}, as);
        expect(res.status, path).toBe(200);
        const text = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
        expect(text, `${path} as ${who}`).toMatch(/Öppen (initiative|lesson|snapshot)/);
        for (const secret of SECRETS) expect(text, `${path} as ${who}`).not.toContain(secret);
      }
    }
    const lessonsJson = await get(filesRoute, '/oppna-data/lardomar.json');
    expect(lessonsJson.data.lessons.map((l: { id: string }) => l.id)).toContain(ids.get('Öppen lesson'));
    const snapshotsJson = await get(filesRoute, '/oppna-data/ogonblicksbilder.json');
    expect(snapshotsJson.data.snapshots[0]).toMatchObject({ title: 'Öppen snapshot', areaCode: '0180', periodFrom: '2020', periodTo: '2023' });
  });

  it('state their licence and what each column means: in the JSON itself, and for the CSV in a linked CSVW description', async () => {
    for (const name of ['insatser', 'lardomar', 'ogonblicksbilder', 'kommentarer', 'indikatorvarden/OD_TEST']) {
      const json = await get(filesRoute, `/oppna-data/${name}.json`);
      expect(json.data.license).toBe('CC BY 4.0');
      expect(json.data.licenseUrl).toBe('http://creativecommons.org/licenses/by/4.0/');
      for (const c of json.data.columns) expect(c.meaning, `${name} ${c.name}`).toEqual({ sv: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });
      const csv = await get(filesRoute, `/oppna-data/${name}.csv`);
      const header = (csv.data as string).split('\r\n')[0]!.split(',');
      expect(header).toEqual(json.data.columns.map((c: { csvName: string }) => c.csvName));
      const metadataUrl = `http://samverka.test/oppna-data/${name}.csv-metadata.json`;
      expect(csv.headers.get('link')).toContain(`<${metadataUrl}>; rel="describedby"`);
      const metadata = await get(filesRoute, new URL(metadataUrl).pathname);
      expect(metadata.headers.get('content-type')).toBe('application/csvm+json; charset=utf-8');
      const described = JSON.parse(metadata.data as string);
      expect(described['dc:license']).toEqual({ '@id': 'http://creativecommons.org/licenses/by/4.0/' });
      expect(described.url).toBe(`http://samverka.test/oppna-data/${name}.csv`);
      expect(described.tableSchema.columns.map((c: { name: string }) => c.name)).toEqual(header);
      for (const c of described.tableSchema.columns) expect(c['dc:description'].map((d: { '@language': string }) => d['@language'])).toEqual(['sv', 'en']);
    }
  });

  it('hold the comments of public items only, whoever asks: never a hidden one, nor one on a partners-only, group-only or draft item (the leak test)', async () => {
    for (const path of ['/oppna-data/kommentarer.csv', '/oppna-data/kommentarer.json']) {
      for (const [who, as] of [
        ['anonymous', undefined],
        ['a member of the group and the organisation, with their session cookie', memberOfGroup],
        ['the commenter', commenter],
      ] as const) {
        const res = await get(filesRoute, path, {}, as);
        expect(res.status, path).toBe(200);
        const text = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
        expect(text, `${path} as ${who}`).toContain('Öppen fråga om insatsen');
        expect(text, `${path} as ${who}`).toContain('Öppen fråga om lärdomen');
        expect(text, `${path} as ${who}`).not.toContain('Hemlig');
        expect(text, `${path} as ${who}: no address`).not.toContain(commenter.email);
      }
    }
    const json = await get(filesRoute, '/oppna-data/kommentarer.json');
    const initiativeUrl = `http://samverka.test/insatser/${slugs.get('Öppen initiative')}`;
    expect(json.data.comments).toEqual([
      {
        id: ids.get('Öppen fråga om insatsen'),
        url: `${initiativeUrl}#kommentar-${ids.get('Öppen fråga om insatsen')}`,
        itemType: 'initiative',
        itemId: ids.get('Öppen initiative'),
        itemUrl: initiativeUrl,
        body: 'Öppen fråga om insatsen',
        authorName: 'Kim Kommentar',
        authorOrganizations: [commenterOrgName], // the verified one only
        createdAt: '2026-03-01T09:00:00.000Z',
        editedAt: null,
      },
      expect.objectContaining({ body: 'Öppen fråga om lärdomen', itemType: 'lesson', itemUrl: `http://samverka.test/lardomar/${slugs.get('Öppen lesson')}` }),
    ]);
    const csv = (await get(filesRoute, '/oppna-data/kommentarer.csv')).data as string;
    expect(csv.split('\r\n')[0]).toBe('id,url,item_type,item_id,item_url,body,author_name,author_organizations,created_at,edited_at');
    expect(csv).toContain(`,Öppen fråga om insatsen,Kim Kommentar,${commenterOrgName},2026-03-01T09:00:00.000Z,`);
  });

  it('give each indicator value with its provenance: source, import and retrieval time', async () => {
    const json = await get(filesRoute, '/oppna-data/indikatorvarden/OD_TEST.json');
    expect(json.data.indicator).toMatchObject({ code: 'OD_TEST', name: { sv: 'Andel förvärvsarbetande', en: 'Share in employment' }, unit: 'procent', isExample: false });
    expect(json.data.values).toHaveLength(2);
    expect(json.data.values).toContainEqual({
      indicatorCode: 'OD_TEST',
      areaCode: '0180',
      period: '2023',
      breakdown: 'kvinnor',
      value: 69.25,
      unit: 'procent',
      updatedAt: '2026-10-02T00:00:00.000Z',
      source: 'SCB (tabell AM0207)',
      importId: ids.get('import'),
      retrievedAt: '2026-10-01T08:00:00.000Z',
      importedAt: expect.any(String),
    });
    const csv = (await get(filesRoute, '/oppna-data/indikatorvarden/OD_TEST.csv')).data as string;
    expect(csv).toContain(`OD_TEST,0180,2023,kvinnor,69.25,procent,2026-10-02T00:00:00.000Z,SCB (tabell AM0207),${ids.get('import')},2026-10-01T08:00:00.000Z,`);
    // Example data has its files, saying so, but stays out of the catalogue (above).
    const example = await get(filesRoute, '/oppna-data/indikatorvarden/OD_EXAMPLE.json');
    expect(example.data.indicator.isExample).toBe(true);
  });

  it('answer 404 for an unknown file, dataset or indicator', async () => {
    for (const path of ['/oppna-data/insatser.xml', '/oppna-data/okand.csv', '/oppna-data/indikatorvarden/NOPE.json', '/oppna-data/indikatorvarden/OD_TEST']) {
      const res = await get(filesRoute, path);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('CORS', () => {
  it('lets any site read the API, the files and the catalogue, never with credentials', async () => {
    for (const [route, path] of [
      [initiativesApi, '/api/v1/initiatives'],
      [filesRoute, '/oppna-data/insatser.csv'],
      [filesRoute, '/oppna-data/indikatorvarden/OD_TEST.json'],
      [catalogRoute, '/oppna-data/katalog.ttl'],
    ] as const) {
      const res = await get(route, path, { Origin: 'https://example.org' });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it('a session cookie does not authorise an API call: only a token does', async () => {
    const res = await get(initiativesApi, '/api/v1/initiatives?limit=100', { Origin: 'https://example.org' }, memberOfGroup);
    expect(memberOfGroup.cookieHeader).not.toBe('');
    const titles = res.data.items.map((i: { title: string }) => i.title);
    expect(titles).toContain('Öppen initiative');
    expect(titles).not.toContain('Hemlig partner initiative');
    expect(titles).not.toContain('Hemlig grupp initiative');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('answers the preflight with 204 for the API and the open data, allowing Authorization; other paths go on', async () => {
    const server = express();
    server.options('*', corsPreflight);
    server.use((_req, res) => res.status(405).end());
    const listener = http.createServer(server).listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const preflight = (path: string) =>
        fetch(base + path, { method: 'OPTIONS', headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
      for (const path of ['/api/v1/initiatives', '/api/openapi.json', '/oppna-data/insatser.csv', '/oppna-data/katalog']) {
        const res = await preflight(path);
        expect(res.status, path).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
        expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      }
      for (const path of ['/sok', '/konto', '/oppna-data']) expect((await preflight(path)).status, path).toBe(405);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});

describe('the initiative export as before', () => {
  it('keeps its JSON shape and CSV columns', async () => {
    const json = await get(filesRoute, '/oppna-data/insatser.json');
    expect(Object.keys(json.data)).toEqual(expect.arrayContaining(['license', 'generatedAt', 'initiatives']));
    const [row] = json.data.initiatives;
    expect(row).toMatchObject({ id: ids.get('Öppen initiative'), title: 'Öppen initiative', status: 'ongoing', themes: ['work'], organization: expect.any(String), sector: 'kommun' });
    const [id] = await app.services.db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.id, row.id));
    expect(id).toBeDefined();
  });
});
