/**
 * A local stand-in for the Kolada v3 and SCB PxWebApi 2.0 APIs on a loopback
 * port, serving their documented shapes: Kolada pages through `next_url`,
 * `null` values, 404, 429 with Retry-After, malformed JSON and an answer that
 * never comes; SCB the recorded TAB638 answer (test/fixtures/statistics-api),
 * 403 for too many cells and 404. Tests set what each KPI or table answers.
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
}

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
