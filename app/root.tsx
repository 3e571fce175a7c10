import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { useNonce } from './components/nonce.tsx';
import { useDocumentRequestId } from './components/request-id.tsx';
import { ConfirmEmailNotice } from './components/confirm-email-notice.tsx';
import { canAdministerPlatform, canReadDevMailbox, needsEmailConfirmation } from './policy.ts';
import { countUnreadNotifications } from '#db/queries/notifications.server.ts';
import { useT } from './i18n/use-t.ts';
import styles from './styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  // Feed auto-discovery on every page.
  { rel: 'alternate', type: 'application/atom+xml', title: 'Samverka – nya insatser och lärdomar', href: '/flode' },
];

export const meta: MetaFunction = () => [{ title: 'Samverka' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const actor = await context.actor();
  const { config, mailer, search } = context.services;
  return {
    locale: context.locale,
    // The header's unread count: one indexed count query, only for the signed in.
    user: context.auth
      ? {
          id: context.auth.user.id,
          name: context.auth.user.name,
          unreadNotifications: await countUnreadNotifications(context.services.db, context.auth.user.id),
          // Set until the address is confirmed: every page then says so (the banner below).
          unconfirmedEmail: needsEmailConfirmation(actor) ? context.auth.user.email : null,
        }
      : null,
    can: {
      administer: canAdministerPlatform(actor),
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
  return (
    <html lang={t.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Read back by entry.client, so the error page can show the id of the request that failed. */}
        {requestId ? <meta name="request-id" content={requestId} /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <SiteHeader data={data} />
        <main id="main" tabIndex={-1}>
          <ConfirmEmailBanner email={data?.user?.unconfirmedEmail ?? null} />
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t('footer.about')}</p>
            <p>
              <Link to="/integritet">{t('footer.privacy')}</Link>
            </p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader({ data }: { data: RootData | undefined }) {
  const t = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        <Form method="get" action="/sok" role="search" aria-label={t('search.quick')} className="header-search">
          <label htmlFor="header-search-q" className="visually-hidden">
            {t('search.label')}
          </label>
          <input id="header-search-q" type="search" name="q" placeholder={t('search.placeholder')} />
          <button type="submit" className="button button--small">
            {t('search.submit')}
          </button>
        </Form>
        <Form method="post" action="/sprak" className="lang-switch" reloadDocument>
          <input type="hidden" name="lang" value={t.locale === 'sv' ? 'en' : 'sv'} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" className="link-button" lang={t.locale === 'sv' ? 'en' : 'sv'}>
            {t('lang.switch')}
          </button>
        </Form>
      </div>
      <nav aria-label={t('nav.main')} className="site-nav">
        <div className="container site-nav__inner">
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/insatser">{t('nav.initiatives')}</NavLink>
            </li>
            <li>
              <NavLink to="/lardomar">{t('nav.lessons')}</NavLink>
            </li>
            <li>
              <NavLink to="/statistik">{t('nav.statistics')}</NavLink>
            </li>
            <li>
              <NavLink to="/organisationer">{t('nav.organizations')}</NavLink>
            </li>
            <li>
              <NavLink to="/grupper">{t('nav.groups')}</NavLink>
            </li>
            {data?.can.administer ? (
              <li>
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              </li>
            ) : null}
            {data?.can.readMailbox ? (
              <li>
                <NavLink to="/dev/mail">{t('nav.mailbox')}</NavLink>
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
                  <NavLink to="/konto">{t('nav.account')}</NavLink>
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
                  <NavLink to="/logga-in">{t('nav.signIn')}</NavLink>
                </li>
                <li>
                  <NavLink to="/registrera">{t('nav.signUp')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </div>
      </nav>
    </header>
  );
}

/** What a route's `handle` may say to the layout around it. */
export interface RouteHandle {
  /** The page tells an unconfirmed person itself why it is closed to them: no site-wide banner above it. */
  explainsEmailConfirmation?: boolean;
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
    <NavLink to="/aviseringar" end>
      {unread > 0 ? (
        <>
          <span aria-hidden="true">{t('nav.notificationsCount', { count: unread })}</span>
          <span className="visually-hidden">{t('nav.notificationsUnread', { count: unread })}</span>
        </>
      ) : (
        t('nav.notifications')
      )}
    </NavLink>
  );
}

export default function App() {
  return <Outlet />;
}

// An error the route's own boundary does not catch (the root loader's, say) shows the same page.
export { GeneralErrorBoundary as ErrorBoundary } from './components/error-boundary.tsx';
