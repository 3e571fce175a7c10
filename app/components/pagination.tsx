import { useLocation, useSearchParams } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';
import { RouteLink } from './route-link.tsx';

/** Previous / next links that keep the current filters. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const t = useT();
  if (pages <= 1) return null;
  const to = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('sida', String(n));
    return `${pathname}?${next.toString()}`;
  };
  return (
    <nav aria-label={t('pagination.label')} className="pagination">
      {page > 1 ? <RouteLink to={to(page - 1)}>← {t('pagination.previous')}</RouteLink> : <span />}
      <span>{t('pagination.page', { page, pages })}</span>
      {page < pages ? <RouteLink to={to(page + 1)}>{t('pagination.next')} →</RouteLink> : <span />}
    </nav>
  );
}
