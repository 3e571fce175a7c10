/** Kept apart from publishing-panel.tsx: every reader sees the badge, only editors load the panel (issue 14). */
import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { Badge } from './ui.tsx';

/** "Shared only with group X" on content published for one working group. */
export function SharedWithGroupBadge({ group }: { group: { name: string; slug: string } | null }) {
  const t = useT();
  if (!group) return null;
  return (
    <p className="shared-with-group">
      <Badge tone="warning">{t('publishing.sharedWithGroup', { name: group.name })}</Badge>{' '}
      <Link to={`/grupper/${group.slug}`}>{t('publishing.toGroup')}</Link>
    </p>
  );
}
