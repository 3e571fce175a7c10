import type { Db } from '#db/client.server.ts';
import { getRevisions, listRevisions, type ContentType } from '#db/queries/content.server.ts';
import { diffSnapshots } from './diff.ts';
import { requireWholeNumber } from '../http/form.server.ts';

/** A version asked for in the address: absent means the default, anything but a version number is a 400. */
function versionParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  return raw === null || raw === '' ? null : requireWholeNumber(raw, name, { min: 1 });
}

/** The versions of one piece of content and a comparison of two (?fran=&till=, default: the last two). */
export async function loadHistory(db: Db, contentType: ContentType, contentId: string, url: URL) {
  const revisions = await listRevisions(db, contentType, contentId);
  const latest = revisions[0]?.version ?? 1;
  const to = versionParam(url, 'till') ?? latest;
  const from = versionParam(url, 'fran') ?? Math.max(1, to - 1);
  const pair = await getRevisions(db, contentType, contentId, [from, to]);
  const a = pair.find((r) => r.version === from);
  const b = pair.find((r) => r.version === to);
  return {
    revisions: revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    from,
    to,
    changes: a && b ? diffSnapshots(a.snapshot, b.snapshot) : [],
  };
}

