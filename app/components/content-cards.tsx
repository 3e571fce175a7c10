import { Link } from '@remix-run/react';
import type { SuccessFactor } from '#app/vocabulary.ts';
import { FactorTags } from './factor-tags.tsx';

export interface ContentCard {
  slug: string;
  title: string;
  summary: string;
  organizationName: string;
  successFactors: SuccessFactor[];
}

/** Initiatives or lessons as the browse and area pages list them: title, owner, summary, success factors (`compact`: title and owner only). */
export function ContentCards({ items, basePath, compact = false }: { items: ContentCard[]; basePath: '/insatser' | '/lardomar'; compact?: boolean }) {
  return (
    <ul className={compact ? 'result-list result-list--compact' : 'result-list'}>
      {items.map((item) => (
        <li key={item.slug} className="card">
          <h3>
            <Link to={`${basePath}/${item.slug}`}>{item.title}</Link>
          </h3>
          <p className="meta">{item.organizationName}</p>
          {compact ? null : (
            <>
              <p>{item.summary}</p>
              <FactorTags factors={item.successFactors} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
