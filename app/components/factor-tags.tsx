import { useT } from '../i18n/use-t.ts';
import { Badge } from './ui.tsx';

/** The success factors a piece of content names, as tags. */
export function FactorTags({ factors }: { factors: readonly string[] }) {
  const t = useT();
  if (factors.length === 0) return null;
  return (
    <ul className="tag-list">
      {factors.map((f) => (
        <li key={f}>
          <Badge>{t(`factor.${f as 'long_term'}.name`)}</Badge>
        </li>
      ))}
    </ul>
  );
}
