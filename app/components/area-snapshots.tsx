import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { SnapshotList, type SnapshotListEntry } from './snapshot-parts.tsx';

/** An area page's snapshots: frozen views of its indicators that this reader may read. */
export function AreaSnapshots({ areaCode, section, shown = Infinity }: { areaCode: string; section: { snapshots: SnapshotListEntry[]; canCreate: boolean }; shown?: number }) {
  const t = useT();
  return (
    <section aria-labelledby="area-snapshots">
      <h2 id="area-snapshots">{t('snapshot.list.title')}</h2>
      {section.snapshots.length === 0 ? <p>{t('area.noSnapshots')}</p> : <SnapshotList snapshots={section.snapshots.slice(0, shown)} level={3} />}
      {section.snapshots.length > shown ? (
        <details className="area-more">
          <summary>{t('area.moreSnapshots', { count: section.snapshots.length })}</summary>
          <SnapshotList snapshots={section.snapshots.slice(shown)} level={3} />
        </details>
      ) : null}
      {section.canCreate ? (
        <p>
          <Link to={`/ogonblicksbilder/ny?omrade=${encodeURIComponent(areaCode)}`}>{t('area.takeSnapshot')}</Link>
        </p>
      ) : null}
    </section>
  );
}
