/**
 * The DCAT-AP-SE catalogue of Samverka's open data (issue 18), as RDF: Turtle written by `n3`, JSON-LD by
 * `jsonld` from n3's N-Quads. The national data portal (dataportal.se) harvests it from /oppna-data/katalog.
 *
 * DCAT-AP-SE 3.0.1 (docs.dataportal.se/dcat/en/): what this catalogue states, by class. Mandatory properties
 * are marked (M), recommended ones (R); a few optional ones (O) are there because harvesters use them.
 * - dcat:Catalog: dcterms:title (M, sv and en), dcterms:description (M, sv and en), dcterms:publisher (M),
 *   dcat:dataset (M), dcat:service (O), dcterms:license (R), dcterms:language (R), dcterms:modified (R),
 *   dcterms:issued (R, the first publication), foaf:homepage (R), dcat:themeTaxonomy (R, the EU data themes).
 * - dcat:Dataset: dcterms:title (M, sv and en), dcterms:description (M, sv and en), dcterms:publisher (M),
 *   dcat:contactPoint (M in DCAT-AP-SE), dcat:distribution (R), dcat:keyword (R, sv and en), dcat:theme (R,
 *   SOCI and REGI), dcterms:accessRights (R, PUBLIC), dcterms:spatial (R, Sweden), dcterms:modified (O, the
 *   data's latest change), dcterms:license via each distribution, dcat:landingPage (O), dcterms:identifier (O).
 * - dcat:Distribution: dcat:accessURL (M), dcat:downloadURL (R, files), dcat:mediaType (R, IANA),
 *   dcterms:format (R, EU file types), dcterms:license (R), dcatap:availability (R, STABLE), dcterms:title and
 *   dcterms:description (R, sv and en), dcterms:conformsTo (O, CSVW for the CSV's description),
 *   dcat:accessService (O, the API distributions).
 * - dcat:DataService (the read API): dcterms:title (M), dcat:endpointURL (M), dcterms:publisher (M),
 *   dcat:contactPoint (M), dcat:endpointDescription (R, the OpenAPI document), dcterms:license (R),
 *   dcterms:accessRights (R), dcat:servesDataset (R).
 * - foaf:Agent (publisher): foaf:name (M), dcterms:type (R, ADMS publisher type).
 * - vcard:Organization (contact point): vcard:fn (M), vcard:hasEmail (M).
 */
import jsonld from 'jsonld';
import { DataFactory, Writer, type Quad, type Term } from 'n3';
import type { Config } from '#app/config.server.ts';
import type { Db } from '#db/client.server.ts';
import { LICENCE, openDatasets, type OpenDataset, type Text } from './datasets.server.ts';
import { translate, type MessageKey } from '#app/i18n/index.ts';

const { namedNode, literal, quad } = DataFactory;

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dcterms: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority/';
const IANA = 'http://www.iana.org/assignments/media-types/';
const n = (prefix: keyof typeof PREFIXES, local: string) => namedNode(PREFIXES[prefix] + local);

/** One file or API answer of a dataset. */
export interface CatalogueDistribution {
  iri: string;
  kind: 'csv' | 'json' | 'api';
  title: Text;
  accessUrl: string;
  /** Files only: the API is reached, not downloaded. */
  downloadUrl: string | null;
  mediaType: 'text/csv' | 'application/json';
  /** For a CSV: where its CSVW description is. */
  describedBy: string | null;
}

export interface CatalogueDataset {
  iri: string;
  path: string;
  title: Text;
  description: Text;
  keywords: Text[];
  themes: string[];
  modified: Date | null;
  columns: { csv: string; json: string; meaning: Text }[];
  distributions: CatalogueDistribution[];
}

export interface Catalogue {
  iri: string;
  origin: string;
  title: Text;
  description: Text;
  publisher: { iri: string; name: string; type: string };
  contact: { iri: string; name: string; email: string };
  modified: Date | null;
  service: { iri: string; title: Text; description: Text; endpointUrl: string; endpointDescription: string };
  datasets: CatalogueDataset[];
}

const both = (key: MessageKey): Text => ({ sv: translate('sv', key), en: translate('en', key) });

function distributionsOf(d: OpenDataset, origin: string, catalogueIri: string): CatalogueDistribution[] {
  const id = d.path.replace(/[^\w-]/g, '-');
  const title = (kind: CatalogueDistribution['kind']): Text => ({
    sv: translate('sv', `openData.dist.${kind}`, { dataset: d.title.sv }),
    en: translate('en', `openData.dist.${kind}`, { dataset: d.title.en }),
  });
  const file = `${origin}/oppna-data/${d.path}`;
  return [
    { iri: `${catalogueIri}#${id}-csv`, kind: 'csv', title: title('csv'), accessUrl: `${file}.csv`, downloadUrl: `${file}.csv`, mediaType: 'text/csv', describedBy: `${file}.csv-metadata.json` },
    { iri: `${catalogueIri}#${id}-json`, kind: 'json', title: title('json'), accessUrl: `${file}.json`, downloadUrl: `${file}.json`, mediaType: 'application/json', describedBy: null },
    ...(d.apiPath === null
      ? []
      : [{ iri: `${catalogueIri}#${id}-api`, kind: 'api' as const, title: title('api'), accessUrl: `${origin}${d.apiPath}`, downloadUrl: null, mediaType: 'application/json' as const, describedBy: null }]),
  ];
}

/** The catalogue as plain data: what the RDF says and the HTML page shows. */
export async function buildCatalogue(db: Db, config: Config): Promise<Catalogue> {
  const origin = config.publicUrl;
  const iri = `${origin}/oppna-data/katalog`;
  const datasets = await openDatasets(db, origin);
  const described = await Promise.all(
    datasets.map(async (d) => ({
      iri: `${iri}#${d.path.replace(/[^\w-]/g, '-')}`,
      path: d.path,
      title: d.title,
      description: d.description,
      keywords: d.keywords,
      themes: d.themes,
      modified: await d.modified(),
      columns: d.columns.map((c) => ({ csv: c.csv, json: c.json, meaning: both(`openData.col.${c.json}` as MessageKey) })),
      distributions: distributionsOf(d, origin, iri),
    })),
  );
  const dates = described.map((d) => d.modified).filter((d): d is Date => d !== null);
  return {
    iri,
    origin,
    title: both('openData.catalog.title'),
    description: both('openData.catalog.description'),
    publisher: { iri: `${iri}#utgivare`, name: config.OPEN_DATA_PUBLISHER, type: config.OPEN_DATA_PUBLISHER_TYPE },
    contact: { iri: `${iri}#kontakt`, name: config.OPEN_DATA_CONTACT_NAME ?? config.OPEN_DATA_PUBLISHER, email: config.OPEN_DATA_CONTACT_EMAIL },
    modified: dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null,
    service: {
      iri: `${iri}#api`,
      title: both('openData.service.title'),
      description: both('openData.service.description'),
      endpointUrl: `${origin}/api/v1`,
      endpointDescription: `${origin}/api/openapi.json`,
    },
    datasets: described,
  };
}

/** The catalogue's triples. */
export function catalogueQuads(c: Catalogue): Quad[] {
  const quads: Quad[] = [];
  const add = (s: string, p: Term, o: Term) => quads.push(quad(namedNode(s), p as never, o as never));
  const texts = (s: string, p: Term, t: Text) => {
    add(s, p, literal(t.sv, 'sv'));
    add(s, p, literal(t.en, 'en'));
  };
  const dateTime = (d: Date) => literal(d.toISOString(), n('xsd', 'dateTime'));
  const type = (s: string, cls: Term) => add(s, n('rdf', 'type'), cls);
  const licence = namedNode(LICENCE.uri);
  const publicAccess = namedNode(`${EU}access-right/PUBLIC`);

  // The catalogue
  type(c.iri, n('dcat', 'Catalog'));
  texts(c.iri, n('dcterms', 'title'), c.title);
  texts(c.iri, n('dcterms', 'description'), c.description);
  add(c.iri, n('dcterms', 'publisher'), namedNode(c.publisher.iri));
  add(c.iri, n('dcterms', 'license'), licence);
  add(c.iri, n('dcterms', 'language'), namedNode(`${EU}language/SWE`));
  add(c.iri, n('dcterms', 'language'), namedNode(`${EU}language/ENG`));
  add(c.iri, n('foaf', 'homepage'), namedNode(`${c.origin}/oppna-data`));
  add(c.iri, n('dcat', 'themeTaxonomy'), namedNode(`${EU}data-theme`));
  if (c.modified) add(c.iri, n('dcterms', 'modified'), dateTime(c.modified));
  add(c.iri, n('dcat', 'service'), namedNode(c.service.iri));
  for (const d of c.datasets) add(c.iri, n('dcat', 'dataset'), namedNode(d.iri));

  // The publisher and the contact point
  type(c.publisher.iri, n('foaf', 'Agent'));
  add(c.publisher.iri, n('foaf', 'name'), literal(c.publisher.name));
  add(c.publisher.iri, n('dcterms', 'type'), namedNode(`http://purl.org/adms/publishertype/${c.publisher.type}`));
  type(c.contact.iri, n('vcard', 'Organization'));
  add(c.contact.iri, n('vcard', 'fn'), literal(c.contact.name));
  add(c.contact.iri, n('vcard', 'hasEmail'), namedNode(`mailto:${c.contact.email}`));

  // The read API
  const s = c.service;
  type(s.iri, n('dcat', 'DataService'));
  texts(s.iri, n('dcterms', 'title'), s.title);
  texts(s.iri, n('dcterms', 'description'), s.description);
  add(s.iri, n('dcat', 'endpointURL'), namedNode(s.endpointUrl));
  add(s.iri, n('dcat', 'endpointDescription'), namedNode(s.endpointDescription));
  add(s.iri, n('dcterms', 'publisher'), namedNode(c.publisher.iri));
  add(s.iri, n('dcat', 'contactPoint'), namedNode(c.contact.iri));
  add(s.iri, n('dcterms', 'license'), licence);
  add(s.iri, n('dcterms', 'accessRights'), publicAccess);
  for (const d of c.datasets) if (d.distributions.some((x) => x.kind === 'api')) add(s.iri, n('dcat', 'servesDataset'), namedNode(d.iri));

  // The datasets and their distributions
  for (const d of c.datasets) {
    type(d.iri, n('dcat', 'Dataset'));
    texts(d.iri, n('dcterms', 'title'), d.title);
    texts(d.iri, n('dcterms', 'description'), d.description);
    add(d.iri, n('dcterms', 'identifier'), literal(`${c.origin}/oppna-data/${d.path}`));
    add(d.iri, n('dcterms', 'publisher'), namedNode(c.publisher.iri));
    add(d.iri, n('dcat', 'contactPoint'), namedNode(c.contact.iri));
    add(d.iri, n('dcterms', 'accessRights'), publicAccess);
    add(d.iri, n('dcterms', 'spatial'), namedNode(`${EU}country/SWE`));
    add(d.iri, n('dcat', 'landingPage'), namedNode(`${c.origin}/oppna-data#${d.path.replace(/[^\w-]/g, '-')}`));
    for (const theme of d.themes) add(d.iri, n('dcat', 'theme'), namedNode(`${EU}data-theme/${theme}`));
    for (const k of d.keywords) {
      add(d.iri, n('dcat', 'keyword'), literal(k.sv, 'sv'));
      add(d.iri, n('dcat', 'keyword'), literal(k.en, 'en'));
    }
    if (d.modified) add(d.iri, n('dcterms', 'modified'), dateTime(d.modified));
    for (const x of d.distributions) {
      add(d.iri, n('dcat', 'distribution'), namedNode(x.iri));
      type(x.iri, n('dcat', 'Distribution'));
      texts(x.iri, n('dcterms', 'title'), x.title);
      add(x.iri, n('dcat', 'accessURL'), namedNode(x.accessUrl));
      if (x.downloadUrl) add(x.iri, n('dcat', 'downloadURL'), namedNode(x.downloadUrl));
      add(x.iri, n('dcat', 'mediaType'), namedNode(IANA + x.mediaType));
      add(x.iri, n('dcterms', 'format'), namedNode(`${EU}file-type/${x.mediaType === 'text/csv' ? 'CSV' : 'JSON'}`));
      add(x.iri, n('dcterms', 'license'), licence);
      add(x.iri, n('dcatap', 'availability'), namedNode(`${EU}planned-availability/STABLE`));
      if (x.describedBy) add(x.iri, n('dcterms', 'conformsTo'), namedNode('http://www.w3.org/ns/csvw'));
      if (x.kind === 'api') add(x.iri, n('dcat', 'accessService'), namedNode(s.iri));
    }
  }
  return quads;
}

function write(quads: Quad[], format: 'text/turtle' | 'application/n-quads'): Promise<string> {
  const writer = new Writer(format === 'text/turtle' ? { prefixes: PREFIXES } : { format: 'N-Quads' });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

export const catalogueTurtle = (c: Catalogue) => write(catalogueQuads(c), 'text/turtle');

/** JSON-LD, compacted with the same prefixes as the Turtle (an inline context: nothing is fetched). */
export async function catalogueJsonLd(c: Catalogue): Promise<object> {
  const nquads = await write(catalogueQuads(c), 'application/n-quads');
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.compact(expanded, { ...PREFIXES });
}
