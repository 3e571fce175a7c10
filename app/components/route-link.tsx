import { useNavigate } from '@remix-run/react';
import { useEffect, type AnchorHTMLAttributes } from 'react';

/**
 * A link to a page of this site, for the places that hold many of them on every page: the navigation (twice: the wide
 * bar and the phone menu), the footer, search results and facets. React Router's <Link> runs a dozen hooks and leaves
 * ~10 KB of garbage per link when the server renders it; measured with `bench/search-dev.ts compare`, the layout's 23
 * links and the search page's 20 result links cost 0.3 ms of CPU on the sign-in page and 0.5 ms on a search page. This
 * is a plain <a>: without JavaScript an ordinary link, with it followed in the page by `useRouteLinkNavigation` (one
 * listener for the whole document, in the root layout); `data-discover` lets Remix fetch the route's part of the
 * manifest ahead of the click, as it does for <Link>. Use <Link> where a link needs React Router's options
 * (`replace`, `preventScrollReset`, `state`) or a relative path.
 */
export function RouteLink({ to, ...props }: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }) {
  return <a href={to} data-discover="true" data-route-link="" {...props} />;
}

/**
 * Follows a click on a RouteLink inside the app, as <Link> would, unless the reader asked for another tab or window
 * (a modifier key, the middle button, a `target`), the link leaves the site, or a handler already took the click.
 */
export function useRouteLinkNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    const follow = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-route-link]') : null;
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      if ((link.target && link.target !== '_self') || link.hasAttribute('download') || link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(link.pathname + link.search + link.hash);
    };
    document.addEventListener('click', follow);
    return () => document.removeEventListener('click', follow);
  }, [navigate]);
}

/**
 * Whether `to` is the page being shown, as <NavLink> decides it: the same path, or below it unless `end` (case aside).
 * For marking the current page in a navigation of RouteLinks (`aria-current="page"`, class `active`).
 */
export function isCurrentPath(pathname: string, to: string, end = false): boolean {
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  return here === target || (!end && target !== '/' && here.startsWith(target) && here.charAt(target.length) === '/');
}
