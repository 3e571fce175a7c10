import { Link, useSearchParams } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';

/** Previous / next links that keep the current filters. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const [params] = useSearchParams();
  const t = useT();
  if (pages <= 1) return null;
  const to = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('sida', String(n));
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label={t('pagination.label')} className="pagination">
      {page > 1 ? <Link to={to(page - 1)}>← {t('pagination.previous')}</Link> : <span />}
      <span>{t('pagination.page', { page, pages })}</span>
      {page < pages ? <Link to={to(page + 1)}>{t('pagination.next')} →</Link> : <span />}
    </nav>
  );
}
