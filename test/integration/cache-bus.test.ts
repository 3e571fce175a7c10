import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_CHANNEL, startCacheBus } from '#db/cache-bus.server.ts';
import type { DatabaseHandle } from '#db/client.server.ts';
import { findArea, forgetAreaNames } from '#db/queries/areas.server.ts';
import { countOrganizations, forgetOrganizations } from '#db/queries/organizations.server.ts';
import { createTestDatabase, testDbKind } from '../support/db.ts';
import { QueryRecorder } from '../support/query-count.ts';

/**
 * The cache bus (issue 15): forgetting the areas in one process tells every process on the same PostgreSQL database
 * (LISTEN/NOTIFY), and a notice from another process clears this one's cache. test/e2e/cluster.test.ts sees it cross
 * two real cluster workers; here both halves on one database handle, counted in round trips.
 */
describe.runIf(testDbKind() === 'postgres')('cache bus on PostgreSQL', () => {
  const recorder = new QueryRecorder();
  let handle: DatabaseHandle;
  let bus: Awaited<ReturnType<typeof startCacheBus>>;
  const heard: string[] = [];
  let unlisten: () => Promise<void>;

  beforeAll(async () => {
    handle = await createTestDatabase(recorder);
    bus = await startCacheBus(handle.sql!);
    // What another process would receive.
    unlisten = (await handle.sql!.listen(CACHE_CHANNEL, (payload) => heard.push(payload))).unlisten;
  });
  afterAll(async () => {
    await unlisten?.();
    await bus?.stop();
    await handle?.close();
  });

  const lookups = async () => (await recorder.during(() => findArea(handle.db, '0114'))).queries.length;

  it('forgetAreaNames() sends a notice to the other processes and drops the cache here', async () => {
    await findArea(handle.db, '0114');
    expect(await lookups()).toBe(0);
    forgetAreaNames();
    expect(await lookups()).toBe(1);
    await expect.poll(() => heard.filter((h) => h === 'areas').length).toBeGreaterThanOrEqual(1);
  });

  it('a notice from another process makes the next lookup read the areas again', async () => {
    await findArea(handle.db, '0114');
    await handle.sql!`update areas set name = 'Väsby (omdöpt)' where code = '0114'`;
    // The rename alone is not seen: the cache has no expiry.
    expect((await findArea(handle.db, '0114'))?.name).toBe('Upplands Väsby');
    await handle.sql!.notify(CACHE_CHANNEL, 'areas');
    await expect.poll(async () => (await findArea(handle.db, '0114'))?.name).toBe('Väsby (omdöpt)');
  });

  it('the organisation catalogue: a notice from another process makes the next read fresh; forgetting it tells the others', async () => {
    const total = async () => (await countOrganizations(handle.db)).total;
    const before = await total();
    await handle.sql!`insert into organizations (slug, name, sector, org_number) values ('bussen-ab', 'Bussen AB', 'kommun', '559999-0001')`;
    expect(await total()).toBe(before); // kept in memory: a write behind the app's back is not seen
    await handle.sql!.notify(CACHE_CHANNEL, 'organizations');
    await expect.poll(total).toBe(before + 1);
    forgetOrganizations();
    await expect.poll(() => heard.includes('organizations')).toBe(true);
  });

  it('a notice naming no known cache is ignored', async () => {
    await findArea(handle.db, '0114');
    await handle.sql!.notify(CACHE_CHANNEL, 'no-such-cache');
    await expect.poll(() => heard.includes('no-such-cache')).toBe(true);
    expect(await lookups()).toBe(0);
  });
});

describe.runIf(testDbKind() === 'pglite')('cache bus without PostgreSQL (the embedded default)', () => {
  const recorder = new QueryRecorder();
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(recorder);
  });
  afterAll(async () => handle?.close());

  it('forgetAreaNames() drops the cache of this one process', async () => {
    await findArea(handle.db, '0114');
    forgetAreaNames();
    expect((await recorder.during(() => findArea(handle.db, '0114'))).queries.length).toBe(1);
  });
});
