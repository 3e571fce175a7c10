/**
 * A part of a page whose code the browser loads after the page's own, not with it (issue 14: a
 * reader's first visit ≤ 100 KB of gzipped JavaScript). Use it as
 *
 *   const Part = import.meta.env.SSR ? PartNow : lazyPart(() => import('…/part.tsx').then((m) => m.Part));
 *
 * inside a `<Suspense fallback={null}>`. The server renders the part at once (the static import, kept
 * by the `import.meta.env.SSR` branch and dropped from the client build), so the page reads the same and
 * works without JavaScript. In the browser React keeps the server's HTML of a Suspense boundary whose
 * code has not arrived (a dehydrated boundary) and hydrates it when the chunk is there: no mismatch
 * and no jump. The chunk awaits its own catalog part (vite.config.ts) before it resolves.
 * Render a part only when the reader will see it (an editor's panel only for editors), so readers
 * never download it.
 */
import { lazy, type ComponentType } from 'react';

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(() => load().then((component) => ({ default: component })));
}
