import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { ContentState, Visibility } from '../vocabulary.ts';

/** One fact of a write-up's aside: a term and what it says. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The facts beside an initiative, a lesson or a snapshot: who owns it first,
 * the kind's own facts (`children`), and last who may see it in which state.
 */
export function ContentFacts({
  organization,
  visibility,
  state,
  ownerAction,
  children,
}: {
  organization: { slug: string; name: string };
  visibility: Visibility;
  state: ContentState;
  /** Shown beside the owner's name, e.g. a button to follow the organisation. */
  ownerAction?: ReactNode;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <dl className="facts facts--stacked">
      <Fact label={t('initiative.owner')}>
        <Link to={`/organisationer/${organization.slug}`}>{organization.name}</Link>
        {ownerAction}
      </Fact>
      {children}
      <Fact label={t('content.visibility')}>
        {t(`visibility.${visibility}`)} · {t(`initiative.state.${state}`)}
      </Fact>
    </dl>
  );
}
