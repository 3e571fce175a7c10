/** A list of working groups (directory, area pages): name, open or closed, area and, where allowed, counts. */
import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { Badge } from './ui.tsx';

export interface GroupListItem {
  slug: string;
  name: string;
  openness: 'open' | 'closed';
  archived: boolean;
  areaName: string | null;
  /** Null when the reader may not see the group's overview. */
  counts: { members: number; organizations: number } | null;
}

export function GroupList({ groups, headingLevel = 3 }: { groups: GroupListItem[]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="card-list group-list">
      {groups.map((g) => (
        <li key={g.slug} className="card">
          <Heading className="group-list__name">
            <Link to={`/grupper/${g.slug}`}>{g.name}</Link>
          </Heading>
          <p className="meta">
            <Badge tone={g.openness === 'open' ? 'success' : 'neutral'}>{t(`group.openness.${g.openness}`)}</Badge>{' '}
            {g.archived ? <Badge tone="warning">{t('group.archived')}</Badge> : null}
            {g.areaName ? ` ${t('group.areaLabel', { name: g.areaName })}` : ` ${t('group.noArea')}`}
            {g.counts ? ` · ${t('group.counts', { members: g.counts.members, organizations: g.counts.organizations })}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}
