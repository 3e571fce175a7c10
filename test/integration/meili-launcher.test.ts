import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findMeilisearchBinary,
  startMeilisearch,
  waitForHealthy,
  type MeiliProcess,
} from '#search/launcher.server.ts';

const START_TIMEOUT = 30_000;

const tempDirs: string[] = [];
const running: MeiliProcess[] = [];

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-meili-'));
  tempDirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<MeiliProcess> {
  const meili = await startMeilisearch({ dataDir });
  running.push(meili);
  return meili;
}

afterAll(async () => {
  await Promise.all(running.map((m) => m.stop()));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('findMeilisearchBinary', () => {
  it('throws mentioning MEILI_BIN when it points at a missing file', () => {
    expect(() => findMeilisearchBinary({ env: { MEILI_BIN: '/nonexistent' } })).toThrow(/MEILI_BIN/);
  });

  it('finds an executable binary by default', () => {
    const bin = findMeilisearchBinary();
    expect(bin).toBeTruthy();
    expect(() => fs.accessSync(bin as string, fs.constants.X_OK)).not.toThrow();
  });
});

describe('startMeilisearch', () => {
  it(
    'starts a key-protected server inside the data dir, persists the key and stops cleanly',
    async () => {
      const cwd = process.cwd();
      const strayDirs = ['dumps', 'data.ms'].map((d) => path.join(cwd, d));
      const existedBefore = strayDirs.map((d) => fs.existsSync(d));

      const dataDir = makeTempDir();
      const meili = await start(dataDir);
      expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const health = await fetch(`${meili.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'available' });
      await expect(waitForHealthy(meili.url, 1000)).resolves.toBeUndefined();

      const anon = await fetch(`${meili.url}/indexes`);
      expect(anon.status).toBe(401);
      const authed = await fetch(`${meili.url}/indexes`, {
        headers: { Authorization: `Bearer ${meili.masterKey}` },
      });
      expect(authed.status).toBe(200);

      const keyFile = path.join(dataDir, 'master-key');
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(meili.masterKey);
      expect(meili.masterKey).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dataDir, 'db'))).toBe(true);

      await meili.stop();
      await meili.stop(); // idempotent
      await expect(fetch(`${meili.url}/health`)).rejects.toThrow();

      // Second start on the same dir reuses the persisted key.
      const again = await start(dataDir);
      expect(again.masterKey).toBe(meili.masterKey);
      const authedAgain = await fetch(`${again.url}/indexes`, {
        headers: { Authorization: `Bearer ${meili.masterKey}` },
      });
      expect(authedAgain.status).toBe(200);
      await again.stop();
      await expect(fetch(`${again.url}/health`)).rejects.toThrow();

      strayDirs.forEach((d, i) => {
        if (!existedBefore[i]) expect(fs.existsSync(d), `${d} should not exist`).toBe(false);
      });
    },
    START_TIMEOUT,
  );

  it(
    'refuses a second server on a data dir that is still in use',
    async () => {
      const dataDir = makeTempDir();
      const first = await start(dataDir);
      await expect(startMeilisearch({ dataDir, timeoutMs: 5000 })).rejects.toThrow(
        /locked.*still running/s,
      );
      // The first server is unaffected.
      await expect(waitForHealthy(first.url, 1000)).resolves.toBeUndefined();
      await first.stop();

      // After stopping, the dir can be used again.
      const second = await start(dataDir);
      await expect(waitForHealthy(second.url, 1000)).resolves.toBeUndefined();
      await second.stop();
    },
    START_TIMEOUT,
  );

  it(
    'rejects with the server output when Meilisearch exits early',
    async () => {
      const dataDir = makeTempDir();
      // A file where the db directory should be makes Meilisearch fail at startup.
      fs.writeFileSync(path.join(dataDir, 'db'), 'not a directory');
      await expect(startMeilisearch({ dataDir, timeoutMs: 10_000 })).rejects.toThrow(
        /exited early[\s\S]*last Meilisearch output/,
      );
      expect(fs.existsSync(path.join(dataDir, 'meilisearch.lock'))).toBe(false);
    },
    START_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------
// Meilisearch must not outlive the app, and a restart recovers from an orphan.

const root = path.resolve(import.meta.dirname, '../..');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'; // a zombie has exited
  } catch {
    return false;
  }
}

/** Polls (bounded) until the process is gone; false if it is still there at the end. */
async function gone(pid: number, withinMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

/** Processes these tests start, killed in cleanup should a test fail half-way. */
const strays: number[] = [];
afterAll(() => {
  for (const pid of strays) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

/** Meilisearch started by hand the way the launcher starts it, but with no guard around it. */
async function startUnguarded(dataDir: string): Promise<{ pid: number; url: string }> {
  const binary = findMeilisearchBinary()!;
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ['--db-path', path.join(dataDir, 'db'), '--dump-dir', path.join(dataDir, 'dumps'), '--snapshot-dir', path.join(dataDir, 'snapshots'), '--http-addr', `127.0.0.1:${port}`, '--no-analytics', '--env', 'development'],
    { cwd: dataDir, env: { ...process.env, MEILI_MASTER_KEY: 'k'.repeat(32) }, stdio: 'ignore', detached: true },
  );
  child.unref();
  strays.push(child.pid!);
  await waitForHealthy(url, 15_000);
  return { pid: child.pid!, url };
}

/** The pid of a process that has come and gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function writeLock(dataDir: string, lock: { ownerPid: number; pid: number; url: string }) {
  fs.writeFileSync(path.join(dataDir, 'meilisearch.lock'), JSON.stringify({ token: 'left-behind', startedAt: new Date().toISOString(), ...lock }));
}

describe('Meilisearch does not outlive the app', () => {
  it(
    'goes away when the app is killed with SIGKILL, and the data dir can be used again at once',
    async () => {
      const dataDir = makeTempDir();
      const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/meili-launcher-child.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      strays.push(app.pid!);
      const first = await new Promise<string>((resolve, reject) => {
        const rl = readline.createInterface({ input: app.stdout! });
        rl.once('line', resolve);
        app.once('exit', () => reject(new Error('the app stand-in exited before starting Meilisearch')));
      });
      const meili = JSON.parse(first) as { pid: number; url: string };
      strays.push(meili.pid);
      expect(isRunning(meili.pid)).toBe(true);
      await expect(waitForHealthy(meili.url, 1000)).resolves.toBeUndefined();

      app.kill('SIGKILL');
      expect(await gone(meili.pid)).toBe(true);

      const again = await start(dataDir);
      await expect(waitForHealthy(again.url, 1000)).resolves.toBeUndefined();
      await again.stop();
      expect(isRunning(again.pid)).toBe(false);
    },
    START_TIMEOUT,
  );

  it(
    'a restart stops an orphan of its own (our binary on our db, its app gone) and starts normally',
    async () => {
      const dataDir = makeTempDir();
      const orphan = await startUnguarded(dataDir);
      writeLock(dataDir, { ownerPid: await deadPid(), pid: orphan.pid, url: orphan.url });

      const meili = await start(dataDir);
      expect(isRunning(orphan.pid)).toBe(false);
      await expect(waitForHealthy(meili.url, 1000)).resolves.toBeUndefined();
      await meili.stop();
    },
    START_TIMEOUT,
  );

  it(
    'never stops a process that is not its Meilisearch, even when the lock names it',
    async () => {
      const dataDir = makeTempDir();
      const dbPath = path.join(dataDir, 'db');
      // Not Meilisearch, though it carries our db path in its arguments.
      const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)', '--', '--db-path', dbPath], { stdio: 'ignore' });
      strays.push(other.pid!);
      writeLock(dataDir, { ownerPid: await deadPid(), pid: other.pid!, url: 'http://127.0.0.1:1' });

      await expect(startMeilisearch({ dataDir, timeoutMs: 5000 })).rejects.toThrow(/locked.*still running/s);
      expect(isRunning(other.pid!)).toBe(true);
      other.kill('SIGKILL');
    },
    START_TIMEOUT,
  );
});
