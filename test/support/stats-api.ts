/**
 * A local stand-in for the Kolada v3 and SCB PxWebApi 2.0 APIs on a loopback
 * port, serving their documented shapes: Kolada pages through `next_url`,
 * `null` values, 404, 429 with Retry-After, malformed JSON and an answer that
 * never comes; SCB the recorded TAB638 answer (test/fixtures/statistics-api),
 * TAB638's metadata in the documented shape, 403 for too many cells and 404. Tests set what each KPI or table answers.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCB_TAB638 = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/statistics-api/scb-pxwebapi2-TAB638-data.json'), 'utf8');

export interface KoladaValue {
  gender: string;
  value: number | null;
  status?: string;
}
export interface KoladaItem {
  kpi: string;
  municipality: string;
  period: number;
  values: KoladaValue[];
}

export interface KpiSetup {
  title?: string;
  description?: string;
  items?: KoladaItem[];
  /** Items per page (the real API: 5 000). */
  pageSize?: number;
  /** Answer the data request this many times with 429 first. */
  tooManyRequests?: number;
  retryAfter?: string;
  malformed?: boolean;
  /** Never answer the data request. */
  hang?: boolean;
}

export interface TableSetup {
  body?: string;
  status?: number;
  hang?: boolean;
  /** `/tables/<id>/metadata`: the body (default SCB_TAB638_METADATA), a status, or no answer at all. */
  metadata?: string;
  metadataStatus?: number;
  metadataHang?: boolean;
}

const category = (pairs: [string, string][]) => ({ index: Object.fromEntries(pairs.map(([code], i) => [code, i])), label: Object.fromEntries(pairs) });

/**
 * TAB638's metadata in the shape PxWebApi 2.0 documents for `/tables/{id}/metadata`
 * (PxApiSpecs examplesAsYml/dataset-meta.yml): a JSON-stat 2.0 dataset with every
 * value of every variable and no values, `role.geo`/`time`/`metric`,
 * `extension.elimination` per variable. A few regions and years stand for SCB's 312 and 57.
 */
export const SCB_TAB638_METADATA = JSON.stringify({
  version: '2.0',
  class: 'dataset',
  label: 'Folkmängden efter region, civilstånd, ålder, kön, tabellinnehåll och år',
  source: 'SCB',
  updated: '2025-02-20T07:00:00Z',
  role: { time: ['Tid'], geo: ['Region'], metric: ['ContentsCode'] },
  id: ['Region', 'Civilstand', 'Alder', 'Kon', 'ContentsCode', 'Tid'],
  size: [5, 4, 3, 2, 2, 12],
  dimension: {
    Region: { label: 'region', category: category([['00', 'Riket'], ['12', 'Skåne län'], ['1280', 'Malmö'], ['1281', 'Lund'], ['0180', 'Stockholm']]), extension: { elimination: true, eliminationValueCode: '00' } },
    Civilstand: { label: 'civilstånd', category: category([['OG', 'ogifta'], ['G', 'gifta'], ['SK', 'skilda'], ['ÄNKL', 'änkor/änklingar']]), extension: { elimination: true } },
    Alder: { label: 'ålder', category: category([['0', '0 år'], ['1', '1 år'], ['tot', 'totalt ålder']]), extension: { elimination: true, eliminationValueCode: 'tot' } },
    Kon: { label: 'kön', category: category([['1', 'män'], ['2', 'kvinnor']]), extension: { elimination: true } },
    ContentsCode: {
      label: 'tabellinnehåll',
      category: { ...category([['BE0101N1', 'Folkmängd'], ['BE0101N2', 'Folkökning']]), unit: { BE0101N1: { base: 'antal', decimals: 0 }, BE0101N2: { base: 'antal', decimals: 0 } } },
      extension: { elimination: false },
    },
    Tid: { label: 'år', category: category(Array.from({ length: 12 }, (_, i) => [String(2013 + i), String(2013 + i)] as [string, string])), extension: { elimination: false, frequency: 'A', firstPeriod: '2013', lastPeriod: '2024' } },
  },
  extension: { px: { tableid: 'TAB638', language: 'sv', 'subject-code': 'BE' } },
  value: [],
});

export async function startStatsApi() {
  const kpis = new Map<string, KpiSetup>();
  const tables = new Map<string, TableSetup>();
  const requests: string[] = [];
  const hanging = new Set<http.ServerResponse>();

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    requests.push(url.pathname + url.search);
    const base = `http://${req.headers.host}`;
    let m: RegExpExecArray | null;

    // Kolada: /kolada/v3/kpi/<id>, /kolada/v3/kpi?title=…
    if ((m = /^\/kolada\/v3\/kpi\/([^/]+)$/.exec(url.pathname))) {
      const kpi = kpis.get(m[1]!);
      if (!kpi) return json(res, 404, { error: 'not found' });
      return json(res, 200, { values: [{ id: m[1], title: kpi.title ?? m[1], description: kpi.description ?? '', is_divided_by_gender: 1 }], count: 1, next_url: null });
    }
    if (url.pathname === '/kolada/v3/kpi') {
      const words = (url.searchParams.get('title') ?? '').toLowerCase();
      const found = [...kpis].filter(([, k]) => (k.title ?? '').toLowerCase().includes(words));
      return json(res, 200, { values: found.map(([id, k]) => ({ id, title: k.title ?? id, description: k.description ?? '', is_divided_by_gender: 1 })), count: found.length, next_url: null });
    }
    // Kolada data: /kolada/v3/data/kpi/<kpi>[/municipality/<ids>]/year/<years>[?page=n]
    if ((m = /^\/kolada\/v3\/data\/kpi\/([^/]+)(?:\/municipality\/([^/]+))?\/year\/([^/]+)$/.exec(url.pathname))) {
      const kpi = kpis.get(m[1]!);
      if (!kpi) return json(res, 404, { error: 'no such kpi' });
      if (kpi.hang) {
        hanging.add(res);
        return;
      }
      if (kpi.tooManyRequests && kpi.tooManyRequests > 0) {
        kpi.tooManyRequests--;
        return json(res, 429, { error: 'too many requests' }, { 'retry-after': kpi.retryAfter ?? '0' });
      }
      if (kpi.malformed) return json(res, 200, '{"values": [ {"kpi": ');
      const municipalities = m[2] ? new Set(m[2].split(',')) : null;
      const years = new Set(m[3]!.split(',').map(Number));
      const items = (kpi.items ?? []).filter((i) => (!municipalities || municipalities.has(i.municipality)) && years.has(i.period));
      const size = kpi.pageSize ?? 5000;
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = items.slice((page - 1) * size, page * size);
      const next = page * size < items.length ? `${base}${url.pathname}?page=${page + 1}` : null;
      return json(res, 200, { values: slice, count: slice.length, next_url: next });
    }

    // SCB: /scb/v2/tables/<id>/metadata
    if ((m = /^\/scb\/v2\/tables\/([^/]+)\/metadata$/.exec(url.pathname))) {
      const table = tables.get(m[1]!);
      if (!table) return json(res, 404, { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.4', title: 'Not Found', status: 404 });
      if (table.metadataHang) {
        hanging.add(res);
        return;
      }
      if (table.metadataStatus && table.metadataStatus !== 200) return json(res, table.metadataStatus, { title: 'error', status: table.metadataStatus });
      return json(res, 200, table.metadata ?? SCB_TAB638_METADATA);
    }
    // SCB: /scb/v2/tables/<id>/data?…
    if ((m = /^\/scb\/v2\/tables\/([^/]+)\/data$/.exec(url.pathname))) {
      const table = tables.get(m[1]!);
      if (!table) return json(res, 404, { title: 'Not found', status: 404 });
      if (table.hang) {
        hanging.add(res);
        return;
      }
      if (table.status && table.status !== 200) return json(res, table.status, { title: 'error', status: table.status });
      return json(res, 200, table.body ?? SCB_TAB638);
    }
    json(res, 404, { error: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    koladaUrl: `${origin}/kolada/v3`,
    scbUrl: `${origin}/scb/v2`,
    kpis,
    tables,
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type StatsApi = Awaited<ReturnType<typeof startStatsApi>>;

/** Kolada items for these areas and years: T, K and M values from `value(area, year)`. */
export function koladaItems(kpi: string, areas: string[], years: number[], value: (area: string, year: number) => number | null): KoladaItem[] {
  return areas.flatMap((municipality) =>
    years.map((period) => {
      const v = value(municipality, period);
      return {
        kpi,
        municipality,
        period,
        values: [
          { gender: 'T', value: v, status: v === null ? 'Saknas' : '' },
          { gender: 'K', value: v === null ? null : v + 1, status: '' },
          { gender: 'M', value: v === null ? null : v - 1, status: '' },
        ],
      };
    }),
  );
}
