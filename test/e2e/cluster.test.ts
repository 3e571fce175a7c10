import http from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CACHE_CHANNEL } from '#db/cache-bus.server.ts';
import { startAppServer } from '../support/server.ts';

/**
 * Cluster mode (issue 15): the real server (`app/server/main.ts`, as `npm start` runs it) with DATABASE_URL and
 * WEB_CONCURRENCY=2 against a fresh database. Two HTTP workers answer, a job is run once though both poll, and a
 * notice on the cache bus reaches both workers' area caches. PostgreSQL only: the embedded PGlite stays one process.
 */
type LogLine = Record<string, unknown> & { msg: string; pid: number; reqId?: string; jobId?: number };

describe.runIf(process.env.DATABASE_URL)('cluster mode: two HTTP workers on one PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let sql: postgres.Sql;
  const logLines = (): LogLine[] =>
    server.logs
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  /** A request on a connection of its own (no keep-alive), so the primary hands each one to the next worker. */
  const get = (path: string) =>
    new Promise<{ status: number; body: string; requestId: string }>((resolve, reject) => {
      http
        .get(`${server.url}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body, requestId: String(res.headers['x-request-id']) }));
        })
        .on('error', reject);
    });

  /** Which worker (pid) answered each request, from its request log line. */
  const pidsOf = async (requestIds: string[]) => {
    let pids: number[] = [];
    await expect
      .poll(
        () => {
          const byReq = new Map(logLines().filter((l) => l.msg === 'request').map((l) => [l.reqId, l.pid]));
          pids = requestIds.map((id) => byReq.get(id)!).filter(Boolean);
          return pids.length;
        },
        { timeout: 10_000 },
      )
      .toBe(requestIds.length);
    return pids;
  };

  beforeAll(async () => {
    server = await startAppServer({ WEB_CONCURRENCY: '2', SEED_DEMO: 'false' });
    sql = postgres(server.databaseUrl!, { max: 1, onnotice: () => {} });
    // startAppServer returns once one worker answers; wait for both.
    await vi.waitFor(() => expect(logLines().filter((l) => /^HTTP worker \d+ is serving$/.test(l.msg))).toHaveLength(2), { timeout: 60_000, interval: 200 });
  }, 180_000);
  let stopped = false;
  afterAll(async () => {
    await sql?.end();
    if (!stopped) await server?.stop();
  });

  it('answers from two worker processes, and neither is the primary', async () => {
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await get('/healthz'));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const pids = new Set(await pidsOf(responses.map((r) => r.requestId)));
    expect(pids.size).toBe(2);
    const primary = logLines().find((l) => /HTTP workers\)$/.test(l.msg));
    expect(primary, 'the primary says it runs 2 workers').toBeDefined();
    expect(pids.has(primary!.pid)).toBe(false);
  });

  it('runs each job once, though every worker claims jobs', async () => {
    const count = 40;
    const payloads = Array.from({ length: count }, (_, i) => ({ to: `person${i}@example.org`, subject: `Kluster ${i}`, text: 'Hej' }));
    const ids = (await sql`insert into jobs ${sql(payloads.map((payload) => ({ kind: 'mail.send', payload: sql.json(payload) })))} returning id`).map((r) => Number(r.id));
    await expect
      .poll(async () => Number((await sql`select count(*) as n from jobs where id in ${sql(ids)} and status = 'done'`)[0]!.n), { timeout: 30_000 })
      .toBe(count);
    const rows = await sql`select attempts from jobs where id in ${sql(ids)}`;
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const mails = await sql`select subject, count(*)::int as n from dev_mailbox where subject like 'Kluster %' group by subject`;
    expect(mails).toHaveLength(count);
    expect(mails.every((m) => m.n === 1)).toBe(true);
    // One "job done" line per job, from whichever worker ran it.
    const done = logLines().filter((l) => l.msg === 'job done' && ids.includes(Number(l.jobId)));
    expect(done.map((l) => Number(l.jobId)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('a notice on the cache bus clears the area cache in both workers', async () => {
    const marker = `Väsby klustertest`;
    // Both workers read the areas into their caches.
    const before = [];
    for (let i = 0; i < 4; i++) before.push(await get('/omraden/0114'));
    expect(before.every((r) => r.status === 200 && r.body.includes('Upplands Väsby'))).toBe(true);
    expect(new Set(await pidsOf(before.map((r) => r.requestId))).size).toBe(2);

    // Another process renames the area and says so, as the district import's forgetAreaNames() does after its commit.
    // Without the notice both workers would keep the old name until restarted (the cache has no expiry).
    await sql`update areas set name = ${marker} where code = '0114'`;
    await sql.notify(CACHE_CHANNEL, 'areas');
    let after: Awaited<ReturnType<typeof get>>[] = [];
    await vi.waitFor(
      async () => {
        after = [];
        for (let i = 0; i < 4; i++) after.push(await get('/omraden/0114'));
        expect(after.map((r) => r.body.includes(marker))).toEqual([true, true, true, true]);
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(new Set(await pidsOf(after.map((r) => r.requestId))).size).toBe(2);
  });

  it('replaces a worker that dies', async () => {
    const serving = () => logLines().filter((l) => /^HTTP worker \d+ is serving$/.test(l.msg));
    const victim = serving()[0]!.pid;
    process.kill(victim, 'SIGKILL');
    await expect.poll(() => serving().length, { timeout: 60_000 }).toBe(3);
    expect(logLines().some((l) => l.msg === 'HTTP worker died: starting another' && l.workerPid === victim)).toBe(true);
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await get('/healthz'));
    const pids = new Set(await pidsOf(responses.map((r) => r.requestId)));
    expect(pids.size).toBe(2);
    expect(pids.has(victim)).toBe(false);
  });

  it('stops the primary and every worker on SIGTERM', async () => {
    const workerPids = [...new Set(logLines().filter((l) => /^HTTP worker \d+ is serving$/.test(l.msg)).map((l) => l.pid))];
    await sql.end();
    stopped = true;
    await server.stop();
    for (const pid of workerPids) expect(() => process.kill(pid, 0), `worker ${pid} is gone`).toThrow();
    expect(logLines().some((l) => l.msg === 'SIGTERM: stopping Samverka…')).toBe(true);
  });
});
