import type { Db } from '#db/client.ts';
import { getRevisions, listRevisions, type ContentType } from '#db/queries/content.ts';
import { diffSnapshots } from './diff.ts';

/** The versions of one piece of content and a comparison of two (?fran=&till=, default: the last two). */
export async function loadHistory(db: Db, contentType: ContentType, contentId: string, url: URL) {
  const revisions = await listRevisions(db, contentType, contentId);
  const latest = revisions[0]?.version ?? 1;
  const to = Number(url.searchParams.get('till')) || latest;
  const from = Number(url.searchParams.get('fran')) || Math.max(1, to - 1);
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

