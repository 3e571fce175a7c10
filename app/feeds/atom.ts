/** A small Atom 1.0 writer: everything escaped, nothing else to go wrong. */
export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  updated: Date;
  published: Date | null;
  summary: string;
  author: string;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  selfUrl: string;
  siteUrl: string;
  updated: Date;
  entries: AtomEntry[];
}

const escapeXml = (s: string) =>
  s
    // Characters XML 1.0 does not allow at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

export function renderAtom(feed: AtomFeed): string {
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.url)}"/>
    <updated>${e.updated.toISOString()}</updated>
${e.published ? `    <published>${e.published.toISOString()}</published>\n` : ''}    <author><name>${escapeXml(e.author)}</name></author>
${e.categories.map((c) => `    <category term="${escapeXml(c)}"/>`).join('\n')}
    <summary type="text">${escapeXml(e.summary)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>${escapeXml(feed.id)}</id>
  <title>${escapeXml(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.siteUrl)}"/>
  <updated>${feed.updated.toISOString()}</updated>
${entries}
</feed>
`;
}
