import { NavLink } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/sv.ts';

/** The group's sections as tabs; the group layout (routes/groups/group/layout.tsx) shows them to members on every group page. */
const SECTIONS: { path: string; label: MessageKey }[] = [
  { path: '', label: 'group.nav.overview' },
  { path: '/diskussioner', label: 'group.nav.threads' },
  { path: '/moten', label: 'group.nav.meetings' },
  { path: '/beslut', label: 'group.nav.decisions' },
  { path: '/atgarder', label: 'group.nav.actions' },
  { path: '/bibliotek', label: 'group.nav.library' },
  { path: '/aktivitet', label: 'group.nav.activity' },
  { path: '/medlemmar', label: 'group.nav.members' },
];

/** `moderation`: for the group's leads, the number of reported posts waiting in their queue. */
export function GroupNav({ slug, name, moderation }: { slug: string; name: string; moderation?: { waiting: number } | null }) {
  const t = useT();
  return (
    <nav className="group-nav" aria-label={t('group.nav.label', { name })}>
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.path}>
            <NavLink to={`/grupper/${slug}${s.path}`} end={s.path === ''}>
              {t(s.label)}
            </NavLink>
          </li>
        ))}
        {moderation ? (
          <li>
            <NavLink to={`/grupper/${slug}/moderering`}>{t('group.moderation.link', { count: moderation.waiting })}</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
