import { Link } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { SnapshotList, type SnapshotListEntry } from './snapshot-parts.tsx';

/** An area page's snapshots: frozen views of its indicators that this reader may read. */
export function AreaSnapshots({ areaCode, section }: { areaCode: string; section: { snapshots: SnapshotListEntry[]; canCreate: boolean } }) {
  const t = useT();
  return (
    <section aria-labelledby="area-snapshots">
      <h2 id="area-snapshots">{t('snapshot.list.title')}</h2>
      {section.snapshots.length === 0 ? <p>{t('area.noSnapshots')}</p> : <SnapshotList snapshots={section.snapshots} level={3} />}
      {section.canCreate ? (
        <p>
          <Link to={`/ogonblicksbilder/ny?omrade=${encodeURIComponent(areaCode)}`}>{t('area.takeSnapshot')}</Link>
        </p>
      ) : null}
    </section>
  );
}
