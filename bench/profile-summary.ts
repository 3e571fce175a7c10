/**
 * Where a server's CPU time went, per request: a .cpuprofile (from
 * bench/profile-hook.mjs) grouped by layer, and the heaviest functions
 * including what they call. Samples from the first `skipSeconds` (start-up)
 * are left out.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, RegExp][] = [
  ['React (react-dom server rendering)', /node_modules\/(react-dom|react|scheduler)\//],
  ['Remix, React Router, turbo-stream', /node_modules\/(@remix-run|react-router|react-router-dom|turbo-stream)\//],
  ['Express', /node_modules\/(express|send|serve-static|finalhandler|qs|parseurl|path-to-regexp)\//],
  ['Meilisearch client', /node_modules\/meilisearch\/|\/search\/http-client\.ts/],
  ['PostgreSQL, drizzle', /node_modules\/(postgres|drizzle-orm)\//],
  ['Samverka (loaders, components)', /\/build\/server\/|\/work\/[^/]+\/(app|db|search)\//],
];

function layerOf(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(idle)') return 'idle (waiting, e.g. for Meilisearch)';
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  for (const [name, pattern] of LAYERS) if (pattern.test(frame.url)) return name;
  if (frame.url === '' || frame.url.startsWith('node:')) return 'Node (http, sockets, streams, fetch classes)';
  return 'other';
}

export function summarizeProfile(file: string, requests: number, skipSeconds = 0): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layers = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let clock = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    clock += profile.timeDeltas[i]!;
    if (clock / 1e6 < skipSeconds) continue;
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    const layer = layerOf(node.callFrame);
    layers.set(layer, (layers.get(layer) ?? 0) + micros);
    if (layer.startsWith('idle')) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(root)') continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/[^ ]*?\/(build|app|db|search)\//, '$1/')}:${f.lineNumber}`;
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
      seen.add(key);
    }
  }
  const perRequest = (micros: number) => `${(micros / 1000 / requests).toFixed(3).padStart(7)} ms`;
  const busy = [...layers].filter(([k]) => !k.startsWith('idle')).reduce((s, [, v]) => s + v, 0);
  const lines = [`CPU per request (${requests} requests; sampling adds some overhead):`];
  for (const [k, v] of [...layers].sort((a, b) => b[1] - a[1])) lines.push(`${perRequest(v)}  ${k}`);
  lines.push(`${perRequest(busy)}  busy in all`, '', 'Heaviest functions, with what they call:');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) lines.push(`${perRequest(v)}  ${k}`);
  return lines.join('\n');
}
