/**
 * `--import` hook for a server started by bench/search-dev.ts with PROFILE=1:
 * samples the process's CPU from start and writes a .cpuprofile (Chrome
 * DevTools format) into PROFILE_DIR when it gets SIGTERM. Node refuses
 * `--cpu-prof` in NODE_OPTIONS, hence a hook. Plain JS: it loads before tsx.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.PROFILE_DIR ?? '/tmp';
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 100 });
session.post('Profiler.start');
process.prependListener('SIGTERM', () => {
  // A same-thread inspector session answers synchronously, so the file is written before the app exits.
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(path.join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
