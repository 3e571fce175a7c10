/**
 * Does a large indicator import freeze the app? (issue 15)
 *
 *   npm run bench:import                                                    (the embedded default, PGlite)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:import   (also on PostgreSQL)
 *
 * Starts the real server (production build, demo data; builds first unless --no-build) once on
 * the embedded PGlite and, when DATABASE_URL is set, once more on a fresh PostgreSQL database. In
 * each: GET / is requested at a fixed rate (open loop: a request is sent every INTERVAL_MS whether
 * or not the earlier ones have answered, so a frozen server shows as long waits, not as fewer
 * samples), first on an idle server, then while an editor (Anna, demo) uploads a ~350 000-row CSV,
 * previews it and commits it (the job worker in the same process does the work) until the job
 * is done. Reports GET / p50/p95/max idle and during, their ratio, failed requests, and the
 * import's own time (preview, commit job). Target: p95 during ≤ 500 ms on the embedded default.
 * Times are wall-clock on localhost. A benchmark, never a test assertion.
 */
import { KOMMUNER, LAN } from '#db/seed/areas-data.server.ts';
import { buildApp, startAppServer } from '../test/support/server.ts';

const INTERVAL_MS = 250;
const IDLE_MS = 10_000;
const TARGET_ROWS = 350_000;
/** Demo indicators (db/seed/indicator-demo.server.ts) with short codes, to keep the file under 10 MB; whole numbers suit all. */
const INDICATORS = ['trangboddhet', 'valdeltagande', 'medianinkomst', 'eftergymnasial', 'sysselsattning'];

/** Long-format CSV: indicator × area × period (years, half years, quarters 1990–2026), the first TARGET_ROWS of them. */
function bigCsv(): { text: string; rows: number } {
  const areaCodes = ['SE', ...LAN.map((l) => l.code), ...KOMMUNER.map((k) => k.code)];
  const periods: string[] = [];
  for (let y = 1990; y <= 2026; y++) periods.push(String(y), `${y}H1`, `${y}H2`, `${y}Q1`, `${y}Q2`, `${y}Q3`, `${y}Q4`);
  const lines = ['indikator;område;period;värde'];
  let n = 0;
  outer: for (const indicator of INDICATORS)
    for (const period of periods)
      for (const area of areaCodes) {
        if (n === TARGET_ROWS) break outer;
        lines.push(`${indicator};${area};${period};${(n * 7) % 97}`);
        n++;
      }
  return { text: `${lines.join('\n')}\n`, rows: n };
}

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

/** Sends GET / every INTERVAL_MS until stop() and collects each answer's time. */
function loadHome(url: string) {
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const at = performance.now();
    const p = fetch(`${url}/`, { headers: { 'accept-language': 'sv' } })
      .then(async (res) => {
        await res.arrayBuffer();
        samples.push({ at, ms: performance.now() - at, ok: res.status === 200 });
      })
      .catch(() => void samples.push({ at, ms: performance.now() - at, ok: false }))
      .finally(() => pending.delete(p));
    pending.add(p);
  }, INTERVAL_MS);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return samples;
    },
  };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]!;
};
const stats = (samples: Sample[]) => {
  const ms = samples.map((s) => s.ms);
  return { n: samples.length, failed: samples.filter((s) => !s.ok).length, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: Math.max(...ms) };
};
const f = (ms: number) => `${ms.toFixed(1)} ms`;

async function signIn(url: string): Promise<string> {
  const body = new URLSearchParams({ email: 'anna.lindqvist@malmo.example', password: 'samverka-demo', redirectTo: '/' });
  const res = await fetch(`${url}/logga-in`, { method: 'POST', body, redirect: 'manual', headers: { origin: url } });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (res.status !== 302 || !cookie) throw new Error(`sign-in: HTTP ${res.status}`);
  return cookie;
}

async function runImport(url: string, cookie: string, csv: string): Promise<{ previewMs: number; jobMs: number }> {
  const headers = { cookie, origin: url };
  const form = new FormData();
  form.set('kind', 'values');
  form.set('file', new File([csv], 'stor.csv', { type: 'text/csv' }));
  form.set('source', 'Benchmark');
  form.set('retrievedAt', '2026-01-15');
  const t0 = performance.now();
  const preview = await fetch(`${url}/statistik/import`, { method: 'POST', body: form, headers });
  const html = await preview.text();
  const previewMs = performance.now() - t0;
  const draftId = /name="draftId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  if (preview.status !== 200 || !draftId) throw new Error(`preview: HTTP ${preview.status}, no draft: ${html.slice(0, 300)}`);

  const t1 = performance.now();
  const commit = await fetch(`${url}/statistik/import`, { method: 'POST', body: new URLSearchParams({ draftId, kind: 'values' }), headers, redirect: 'manual' });
  const jobUrl = commit.headers.get('location');
  if (commit.status !== 302 || !jobUrl?.includes('jobb=')) throw new Error(`commit: HTTP ${commit.status}`);
  // The job page shows a <progress> while the job runs; it polls like the page's own revalidation does.
  for (;;) {
    // A server that stalled longer than its keep-alive timeout resets the sockets it kept: ask again.
    const page = await fetch(new URL(jobUrl, url), { headers })
      .then((res) => res.text())
      .catch(() => 'import-progress');
    if (!page.includes('import-progress')) {
      if (!page.includes('stor.csv')) throw new Error(`the job page shows no result: ${page.slice(0, 300)}`);
      return { previewMs, jobMs: performance.now() - t1 };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measure(label: string, env: Record<string, string>, csv: { text: string; rows: number }) {
  const server = await startAppServer({ SEED_DEMO: 'true', ...env });
  try {
    // Warm up: the first requests compile and cache what later ones reuse.
    for (let i = 0; i < 20; i++) await (await fetch(`${server.url}/`)).arrayBuffer();
    const cookie = await signIn(server.url);

    const idleLoad = loadHome(server.url);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = stats(await idleLoad.stop());

    const during = loadHome(server.url);
    const started = performance.now();
    const outcome = await runImport(server.url, cookie, csv.text);
    const importMs = performance.now() - started;
    const samples = await during.stop();
    const all = stats(samples);
    const inPreview = stats(samples.filter((s) => s.at < started + outcome.previewMs));
    const inJob = stats(samples.filter((s) => s.at >= started + outcome.previewMs));

    const row = (name: string, s: ReturnType<typeof stats>) =>
      `| ${label}: GET / ${name} | p50 ${f(s.p50)}, p95 ${f(s.p95)}, max ${f(s.max)} (${s.n} requests, ${s.failed} failed) |`;
    console.log(`\n${label}: ${csv.rows} rows, ${(Buffer.byteLength(csv.text) / 2 ** 20).toFixed(2)} MiB; GET / every ${INTERVAL_MS} ms`);
    console.log('| measure | value | target |');
    console.log('|---|---|---|');
    console.log(`${row('idle', idle)} |`);
    console.log(`${row('during the import', all)} ≤ 500 ms p95 |`);
    console.log(`${row('while the file is checked (upload + preview)', inPreview)} |`);
    console.log(`${row('while the job commits', inJob)} |`);
    console.log(`| ${label}: ratio during / idle | p50 ${(all.p50 / idle.p50).toFixed(2)}×, p95 ${(all.p95 / idle.p95).toFixed(2)}× | |`);
    console.log(`| ${label}: import | ${(importMs / 1000).toFixed(1)} s (preview ${(outcome.previewMs / 1000).toFixed(1)} s, commit job ${(outcome.jobMs / 1000).toFixed(1)} s) | |`);
  } catch (error) {
    console.error(`server log (last lines):\n${server.logs.join('').split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await server.stop();
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    console.log('building the app (npx remix vite:build)…');
    buildApp();
  }
  const csv = bigCsv();
  const postgresUrl = process.env.DATABASE_URL;
  // startAppServer makes a fresh PostgreSQL database when DATABASE_URL is set: hide it for the embedded run.
  delete process.env.DATABASE_URL;
  await measure('PGlite (embedded default)', {}, csv);
  if (postgresUrl) {
    process.env.DATABASE_URL = postgresUrl;
    await measure('PostgreSQL', {}, csv);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
