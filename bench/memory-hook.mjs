/**
 * `--import` hook for a server started by bench/memory.ts: on SIGUSR2 the process writes what its memory
 * is made of (process.memoryUsage(), V8's heap and heap spaces) to MEMORY_DIR/app-<pid>.json, and with
 * MEMORY_SNAPSHOT=1 a heap snapshot beside it (slow and large: for finding what holds memory, not for
 * the figures). Plain JS: it loads before tsx.
 */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import v8 from 'node:v8';

const dir = process.env.MEMORY_DIR ?? '/tmp';
process.on('SIGUSR2', () => {
  const file = path.join(dir, `app-${process.pid}.json`);
  const report = { memoryUsage: process.memoryUsage(), heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics() };
  if (process.env.MEMORY_SNAPSHOT === '1') v8.writeHeapSnapshot(path.join(dir, `app-${process.pid}-${Date.now()}.heapsnapshot`));
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
  fs.renameSync(`${file}.tmp`, file);
});
