/**
 * How heavy is the kommun map page?
 *
 *   npm run bench:maps          (builds the app first, as `npm start` does)
 *
 * Starts the real server (production build, PGlite, demo data: 7 indicators × 290 kommuner ×
 * 11 years) and times, in interleaved rounds so drift hits both alike, GET /statistik (the
 * catalogue) and GET /statistik/sysselsattning (the kommun choropleth and its 290-row table),
 * then reports the ratio of their medians and the map's SVG size in bytes and gzipped.
 * Times are wall-clock on localhost: server time plus a loopback round trip. A benchmark,
 * never a test assertion (issue 13: the SVG stays under 150 KB).
 */
import zlib from 'node:zlib';
import { startAppServer, startBudgetMs } from '../test/support/server.ts';

const ROUNDS = 30;
const WARMUP = 5;
const MAP = '/statistik/sysselsattning';
const CATALOGUE = '/statistik';

async function timeGet(url: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { 'accept-language': 'sv' } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return { ms, body };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  // Demo data on PGlite (or a fresh database on DATABASE_URL's server when that is set).
  const server = await startAppServer({ SEED_DEMO: 'true' });
  try {
    // The first map request projects the boundaries (once per process); report it apart.
    const first = await timeGet(server.url + MAP);
    for (let i = 0; i < WARMUP; i++) {
      await timeGet(server.url + CATALOGUE);
      await timeGet(server.url + MAP);
    }
    const times = { map: [] as number[], catalogue: [] as number[] };
    let html = '';
    for (let i = 0; i < ROUNDS; i++) {
      times.catalogue.push((await timeGet(server.url + CATALOGUE)).ms);
      const m = await timeGet(server.url + MAP);
      times.map.push(m.ms);
      html = m.body;
    }
    const start = html.indexOf('<svg viewBox="0 0 300 640"');
    const svg = html.slice(start, html.indexOf('</svg>', start) + 6);
    const row = (name: string, xs: number[]) => `${name.padEnd(28)} median ${median(xs).toFixed(1)} ms   p95 ${p95(xs).toFixed(1)} ms`;
    console.log(`${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds (production build, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, demo data)`);
    console.log(row(`GET ${CATALOGUE}`, times.catalogue));
    console.log(row(`GET ${MAP}`, times.map));
    console.log(`ratio map / catalogue (medians): ${(median(times.map) / median(times.catalogue)).toFixed(2)}`);
    console.log(`first map request (projects the boundaries once): ${first.ms.toFixed(1)} ms`);
    console.log(`server start with demo data (migrate, seed, index; within ${startBudgetMs({ SEED_DEMO: 'true' }) / 1000} s): ${(server.startMs / 1000).toFixed(1)} s`);
    console.log(`kommun map SVG: ${Buffer.byteLength(svg)} bytes (${kb(Buffer.byteLength(svg))}), gzipped ${zlib.gzipSync(svg).length} bytes (${kb(zlib.gzipSync(svg).length)})`);
    console.log(`whole map page HTML (SVG + table + hydration data): ${kb(Buffer.byteLength(html))}, gzipped ${kb(zlib.gzipSync(html).length)}`);
  } finally {
    await server.stop();
  }
}

await main();
