import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findMeilisearchBinary,
  startMeilisearch,
  waitForHealthy,
  type MeiliProcess,
} from '#search/launcher.ts';

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
