// The worker thread of parse-thread.server.ts: checks one indicator file and answers with the result.
// Plain JavaScript so that Node can start it anywhere (the production build, tsx, Vitest); tsx's
// tsImport compiles the TypeScript checker it imports, as `npm start` already runs the app through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { checkFile } = await tsImport('./checked-file.ts', import.meta.url);
parentPort.postMessage(checkFile(workerData.file, workerData.context, workerData.chunkRows));
