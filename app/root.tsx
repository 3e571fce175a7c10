import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from '@remix-run/react';
import { useContext, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { UNSAFE_DataRouterStateContext as DataRouterStateContext } from 'react-router-dom';
import { standardMessageFor } from './components/error-boundary.tsx';
import { useNonce } from './components/nonce.tsx';
import { useDocumentRequestId } from './components/request-id.tsx';
import { ConfirmEmailNotice } from './components/confirm-email-notice.tsx';
import { isCurrentPath, RouteLink, useRouteLinkNavigation } from './components/route-link.tsx';
import { canAdministerPlatform, canReadDevMailbox, needsEmailConfirmation } from './policy.ts';
import { useT } from './i18n/use-t.ts';
import type { MessageKey } from './i18n/index.ts';
import styles from './styles/app.css?url';
// Never inlined as a data: address: a hashed file under /assets, cached for a year like the rest.
import favicon from './favicon.svg?no-inline';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', type: 'image/svg+xml', href: favicon },
  // Feed auto-discovery on every page.
  { rel: 'alternate', type: 'application/atom+xml', title: 'Samverka – nya insatser och lärdomar', href: '/flode' },
];

export const meta: MetaFunction = () => [{ title: 'Samverka' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = await context.actor();
  const { config, mailer, search } = context.services;
  return {
    locale: context.locale,
    // The header's unread count: read with the session (app/context.server.ts), only for the signed in.
    user: context.auth
      ? {
          id: context.auth.user.id,
          name: context.auth.user.name,
          unreadNotifications: await context.unreadNotifications(),
          // Set until the address is confirmed: every page then says so (the banner below).
          unconfirmedEmail: needsEmailConfirmation(actor) ? context.auth.user.email : null,
        }
      : null,
    can: {
      // A platform admin signed in below ADMIN_MIN_ACR still sees the link: the page explains how to sign in at the right level.
      administer: canAdministerPlatform(actor) || actor.adminAssuranceShort === true,
      readMailbox: canReadDevMailbox(actor, { smtpConfigured: mailer.transport === 'smtp', production: config.NODE_ENV === 'production' }),
    },
    searchAvailable: search.available,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nonce = useNonce();
  const requestId = useDocumentRequestId();
  const t = useT();
  useRouteLinkNavigation();
  return (
    <html lang={t.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Read back by entry.client, so the error page can show the id of the request that failed. */}
        {requestId ? <meta name="request-id" content={requestId} /> : null}
        <DocumentMeta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <PageSkipLinks />
        <SiteHeader data={data} />
        <main id="main" tabIndex={-1}>
          <ConfirmEmailBanner email={data?.user?.unconfirmedEmail ?? null} />
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t('footer.about')}</p>
            <nav aria-label={t('footer.links')}>
              <ul className="footer-links">
                <li>
                  <RouteLink to="/hjalp">{t('footer.help')}</RouteLink>
                </li>
                <li>
                  <RouteLink to="/tillganglighet">{t('footer.accessibility')}</RouteLink>
                </li>
                <li>
                  <RouteLink to="/integritet">{t('footer.privacy')}</RouteLink>
                </li>
                <li>
                  <RouteLink to="/kontakt">{t('footer.contact')}</RouteLink>
                </li>
                <li>
                  <RouteLink to="/oppna-data">{t('openData.title')}</RouteLink>
                </li>
                <li>
                  <RouteLink to="/api">{t('api.title')}</RouteLink>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The failing route's status when this document is an error page, else null.
 * React Router keeps the errors of the routes that failed in its state; no public
 * hook hands them to the root Layout (`useRouteError` answers only for the route
 * it is called in, and the boundary that renders is the failing route's own).
 * Remix's own <Meta> reads the same context, which is why it is safe enough here;
 * the other way, every route's meta reading `error`, would spread one rule over
 * every route module.
 */
function useErrorStatus(): number | null {
  const errors = useContext(DataRouterStateContext)?.errors;
  if (!errors) return null;
  const error = Object.values(errors)[0];
  return isRouteErrorResponse(error) ? error.status : 500;
}

/**
 * The route's meta, or on an error page a <title> that says what happened
 * ("Sidan finns inte – Samverka"): the route's own meta, called without its
 * data, could only say "Samverka". Error pages are not for search engines.
 */
function DocumentMeta() {
  const status = useErrorStatus();
  const t = useT();
  if (status === null) return <Meta />;
  return (
    <>
      <title>{`${t(standardMessageFor(status)[0])} – Samverka`}</title>
      <meta name="robots" content="noindex" />
    </>
  );
}

function SiteHeader({ data }: { data: RootData | undefined }) {
  const t = useT();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <RouteLink to="/" className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </RouteLink>
        <Form method="get" action="/sok" role="search" aria-label={t('search.quick')} className="header-search">
          <label htmlFor="header-search-q" className="visually-hidden">
            {t('search.label')}
          </label>
          <input id="header-search-q" type="search" name="q" placeholder={t('search.headerPlaceholder')} />
          <button type="submit" className="button button--small">
            {t('search.submit')}
          </button>
        </Form>
        <LanguageSwitch />
        <PhoneMenu data={data} />
      </div>
      <nav aria-label={t('nav.main')} className="site-nav">
        <div className="container site-nav__inner">
          <NavLists data={data} />
        </div>
      </nav>
    </header>
  );
}

function LanguageSwitch() {
  const t = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    // A whole new document in the other language: a plain form (Remix's <Form reloadDocument> renders the same, at a cost).
    <form method="post" action="/sprak" className="lang-switch">
      <input type="hidden" name="lang" value={t.locale === 'sv' ? 'en' : 'sv'} />
      <input type="hidden" name="redirectTo" value={here} />
      <button type="submit" className="link-button" lang={t.locale === 'sv' ? 'en' : 'sv'}>
        {t('lang.switch')}
      </button>
    </form>
  );
}

/**
 * Below 700 px the navigation and the language switch fold into a "Meny" button (issue 14): the disclosure pattern
 * on a native <details>, so it opens and closes without JavaScript; with it, Escape closes the menu and puts the
 * focus back on the button, and following a link closes it. CSS shows either this or the wide navigation, never both.
 */
function PhoneMenu({ data }: { data: RootData | undefined }) {
  const t = useT();
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  const closeOnEscape = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== 'Escape' || !menu.current?.open) return;
    menu.current.open = false;
    menu.current.querySelector('summary')?.focus();
  };
  return (
    <details className="phone-menu" ref={menu} onKeyDown={closeOnEscape}>
      <summary className="phone-menu__button">
        <span className="phone-menu__icon" aria-hidden="true" />
        {t('nav.menu')}
      </summary>
      <div className="phone-menu__panel">
        <nav aria-label={t('nav.main')}>
          <NavLists data={data} />
        </nav>
        <LanguageSwitch />
      </div>
    </details>
  );
}

/** A link of the navigation: marked as the current page as <NavLink> would (`aria-current`, class `active`). */
function NavItem({ to, end, children }: { to: string; end?: boolean; children: ReactNode }) {
  const current = isCurrentPath(useLocation().pathname, to, end);
  return (
    <RouteLink to={to} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
      {children}
    </RouteLink>
  );
}

/** The main links and the account links: in the wide navigation bar, and in the phone menu. */
function NavLists({ data }: { data: RootData | undefined }) {
  const t = useT();
  return (
    <>
      <ul>
        <li>
          <NavItem to="/" end>
            {t('nav.home')}
          </NavItem>
        </li>
        <li>
          <NavItem to="/insatser">{t('nav.initiatives')}</NavItem>
        </li>
        <li>
          <NavItem to="/lardomar">{t('nav.lessons')}</NavItem>
        </li>
        <li>
          <NavItem to="/statistik">{t('nav.statistics')}</NavItem>
        </li>
        <li>
          <NavItem to="/organisationer">{t('nav.organizations')}</NavItem>
        </li>
        <li>
          <NavItem to="/grupper">{t('nav.groups')}</NavItem>
        </li>
        {data?.can.administer ? (
          <li>
            <NavItem to="/admin">{t('nav.admin')}</NavItem>
          </li>
        ) : null}
        {data?.can.readMailbox ? (
          <li>
            <NavItem to="/dev/mail">{t('nav.mailbox')}</NavItem>
          </li>
        ) : null}
      </ul>
      <ul className="site-nav__account">
        {data?.user ? (
          <>
            <li>
              <NotificationsLink unread={data.user.unreadNotifications} />
            </li>
            <li>
              <NavItem to="/konto">{t('nav.account')}</NavItem>
            </li>
            <li>
              <Form method="post" action="/logga-ut">
                <button type="submit" className="link-button">
                  {t('nav.signOut')}
                </button>
              </Form>
            </li>
          </>
        ) : (
          <>
            <li>
              <NavItem to="/logga-in">{t('nav.signIn')}</NavItem>
            </li>
            <li>
              <NavItem to="/registrera">{t('nav.signUp')}</NavItem>
            </li>
          </>
        )}
      </ul>
    </>
  );
}

/** What a route's `handle` may say to the layout around it. */
export interface RouteHandle {
  /** The page tells an unconfirmed person itself why it is closed to them: no site-wide banner above it. */
  explainsEmailConfirmation?: boolean;
  /** Skip links of the page's own, after "Hoppa till huvudinnehållet": the search page's "Hoppa till resultaten". */
  skipLinks?: { href: `#${string}`; label: MessageKey }[];
}

function PageSkipLinks() {
  const t = useT();
  const links = useMatches().flatMap((m) => (m.handle as RouteHandle | undefined)?.skipLinks ?? []);
  return (
    <>
      {links.map((link) => (
        <a key={link.href} className="skip-link" href={link.href}>
          {t(link.label)}
        </a>
      ))}
    </>
  );
}

/** "Confirm your address", on every page but the ones about confirming and those that explain it themselves. */
function ConfirmEmailBanner({ email }: { email: string | null }) {
  const { pathname } = useLocation();
  const pageExplains = useMatches().some((m) => (m.handle as RouteHandle | undefined)?.explainsEmailConfirmation);
  if (!email || pageExplains || pathname.startsWith('/bekrafta-epost')) return null;
  return (
    <div className="container">
      <ConfirmEmailNotice email={email} banner />
    </div>
  );
}

/** "Aviseringar (3)" on screen; a screen reader hears "Aviseringar, 3 olästa". */
function NotificationsLink({ unread }: { unread: number }) {
  const t = useT();
  return (
    <NavItem to="/aviseringar" end>
      {unread > 0 ? (
        <>
          <span aria-hidden="true">{t('nav.notificationsCount', { count: unread })}</span>
          <span className="visually-hidden">{t('nav.notificationsUnread', { count: unread })}</span>
        </>
      ) : (
        t('nav.notifications')
      )}
    </NavItem>
  );
}

export default function App() {
  return <Outlet />;
}

// An error the route's own boundary does not catch (the root loader's, say) shows the same page.
export { GeneralErrorBoundary as ErrorBoundary } from './components/error-boundary.tsx';
