import { Link } from '@remix-run/react';
import type { ActivityEntry } from '../groups/activity.server.ts';
import { formatDateTime } from '../i18n/format.ts';
import { format, type MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * A feed line from its catalog template: "{actor}" is filled in as text and
 * "{subject}" becomes a link where there is one. A subject the reader may not
 * see (a library entry they cannot read) uses the template without it.
 */
function ActivityLine({ entry }: { entry: ActivityEntry }) {
  const t = useT();
  const key: MessageKey = entry.kind === 'library_added' && entry.subject === null ? 'group.activity.library_added_hidden' : `group.activity.${entry.kind}`;
  // Split the template before filling in the name, so a name can never be taken for the placeholder.
  const [head = '', tail] = t(key).split('{subject}', 2);
  const actor = { actor: entry.actor ?? t('group.formerUser') };
  const before = format(head, actor);
  const after = tail === undefined ? undefined : format(tail, actor);
  const subject = entry.subject ?? t('group.activity.unnamed');
  const fmt = formatDateTime(entry.createdAt, t.locale);
  return (
    <li className="activity-line">
      <span>
        {before}
        {after !== undefined ? (
          <>
            {entry.href ? <Link to={entry.href}>{subject}</Link> : <strong>{subject}</strong>}
            {after}
          </>
        ) : null}
      </span>{' '}
      <time className="meta" dateTime={entry.createdAt}>
        {fmt}
      </time>
    </li>
  );
}

export function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  const t = useT();
  if (entries.length === 0) return <p className="empty-state">{t('group.activity.empty')}</p>;
  return (
    <ol className="plain-list activity-list">
      {entries.map((e) => (
        <ActivityLine key={e.id} entry={e} />
      ))}
    </ol>
  );
}

/**
 * The newest lines of a group's feed with a link to all of it, for the
 * group's overview page. Load the entries with `recentActivityQuery`/`recentActivityFrom` from
 * app/groups/activity.server.ts (members only).
 */
export function RecentActivity({ slug, entries, headingLevel = 2 }: { slug: string; entries: ActivityEntry[]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="recent-activity" className="recent-activity">
      <Heading id="recent-activity">{t('group.activity.recent')}</Heading>
      <ActivityList entries={entries} />
      <p>
        <Link to={`/grupper/${slug}/aktivitet`}>{t('group.activity.all')}</Link>
      </p>
    </section>
  );
}
