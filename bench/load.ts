/**
 * A closed-loop load generator for the benchmarks: `connections` clients, each on its own keep-alive
 * socket, send the next request as soon as the previous answer is read, for `seconds`. Written here
 * rather than taken from a package (autocannon and the like) because the benchmarks need nothing more
 * than this, run in-process next to their own servers, and must time the two sides of a ratio alike.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { stats } from './corpus.ts';

export interface LoadTarget {
  url: URL;
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Answers other than 200 (counted, not timed); a benchmark should refuse a run with any. */
  failures: number;
}

function once(agent: http.Agent, target: LoadTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(target.url, { method: target.method ?? 'GET', agent, headers: target.headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`timeout: ${target.url}`)));
    req.on('error', reject);
    req.end(target.body);
  });
}

/** `targets` are taken in turn by each client (e.g. a list of queries), so every client sends the same mix. */
export async function closedLoop(targets: LoadTarget[], connections: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async (_, client) => {
        for (let i = client; performance.now() < until; i++) {
          const t0 = performance.now();
          const status = await once(agent, targets[i % targets.length]!);
          if (status === 200) latencies.push(performance.now() - t0);
          else failures++;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  const { p50, p95 } = stats(latencies);
  return { requests: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50, p95, failures };
}

export const formatLoad = (r: LoadResult) => `${r.perSecond.toFixed(0)} req/s (p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms${r.failures ? `, ${r.failures} failed` : ''})`;

/**
 * The Node flags `npm start` gives the server (its memory settings, in package.json's start script, their one
 * home), as NODE_OPTIONS for a server a benchmark starts itself, so it measures what production runs.
 */
export function npmStartNodeOptions(): string {
  return (npmStartScript().match(/--max-[a-z-]+=\d+/g) ?? []).join(' ');
}

/** The C library's malloc settings `npm start` sets (GLIBC_TUNABLES in its script), for a bench's server to match. */
export function npmStartMallocEnv(): Record<string, string> {
  const tunables = /GLIBC_TUNABLES=(\S+)/.exec(npmStartScript())?.[1];
  return tunables ? { GLIBC_TUNABLES: tunables } : {};
}

function npmStartScript(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start;
}

/** The process and all its descendants, by parent pid from /proc. */
export function processTree(pid: number): { pid: number; name: string }[] {
  const parents = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: { pid: number; name: string }[] = [];
  const visit = (p: number) => {
    out.push({ pid: p, name: names.get(p) ?? '?' });
    for (const c of parents.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** CPU seconds (user + system) one process has used, from /proc; 0 when it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state is field 0, utime 11, stime 12 (in USER_HZ ticks, 100 a second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command line matches. */
export function cpuSecondsMatching(match: (cmdline: string) => boolean): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (match(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))) total += processCpuSeconds(Number(pid));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/** CPU seconds of a process and all its descendants. */
export const treeCpuSeconds = (pid: number): number => processTree(pid).reduce((sum, p) => sum + processCpuSeconds(p.pid), 0);
