import { isRouteErrorResponse, Link, useParams, useRouteError, type ErrorResponse, type Params } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { useRequestId } from './request-id.tsx';

/**
 * The error page of every route, in the manner of the Epic Stack's GeneralErrorBoundary. Each page
 * route re-exports it as its `ErrorBoundary`, so an error thrown by its loader or component shows
 * inside the site's header and navigation, with the response's status (Remix sends the thrown
 * Response's status; an unexpected error is a 500). A route with something specific to say passes
 * `statusHandlers`; everything else gets the standard message for its status. Every error page shows
 * the request id, which the server's log line for the request carries too, so a reader can quote it
 * to support. An unexpected error shows only the generic text: in production Remix has already
 * replaced its message and stack, and the page never shows them in any mode.
 */

export type StatusHandler = (info: { error: ErrorResponse; params: Params }) => ReactNode;

const STANDARD_MESSAGES: Record<'notFound' | 'forbidden' | 'badRequest' | 'error', readonly [MessageKey, MessageKey]> = {
  notFound: ['page.notFound.title', 'page.notFound.text'],
  forbidden: ['page.forbidden.title', 'page.forbidden.text'],
  badRequest: ['page.badRequest.title', 'page.badRequest.text'],
  error: ['page.error.title', 'page.error.text'],
};

/** The heading and the text for a status: 404, 403, other 4xx, everything else. The root Layout takes the heading for the page's <title> too. */
export const standardMessageFor = (status: number) =>
  STANDARD_MESSAGES[status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status >= 400 && status < 500 ? 'badRequest' : 'error'];

/** The status, a heading and a line of text: the standard one for the status unless given. */
export function ErrorMessage({ status, title, children }: { status: number; title?: string; children?: ReactNode }) {
  const t = useT();
  const [titleKey, textKey] = standardMessageFor(status);
  return (
    <>
      <p className="eyebrow">{status}</p>
      <h1>{title ?? t(titleKey)}</h1>
      {children ?? <p className="lead">{t(textKey)}</p>}
    </>
  );
}

export function GeneralErrorBoundary({
  statusHandlers,
  defaultStatusHandler = ({ error }) => <ErrorMessage status={error.status} />,
  unexpectedErrorHandler = () => <ErrorMessage status={500} />,
}: {
  statusHandlers?: Record<number, StatusHandler>;
  defaultStatusHandler?: StatusHandler;
  unexpectedErrorHandler?: (error: unknown) => ReactNode;
}) {
  const error = useRouteError();
  const params = useParams();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const content = isRouteErrorResponse(error) ? (statusHandlers?.[error.status] ?? defaultStatusHandler)({ error, params }) : unexpectedErrorHandler(error);
  return <ErrorPage status={status}>{content}</ErrorPage>;
}

/** The frame around an error message: the request id to quote and a way home. */
export function ErrorPage({ status, children }: { status: number; children?: ReactNode }) {
  const t = useT();
  const requestId = useRequestId();
  // The document's <title> says what happened too: the root Layout writes it from the failing route's error (app/root.tsx).
  return (
    <div className="container page">
      {/* Announced when a client-side navigation ends here. */}
      <div role="alert">{children ?? <ErrorMessage status={status} />}</div>
      {requestId ? (
        <p>
          {t('page.error.requestId')} <code className="request-id">{requestId}</code>
        </p>
      ) : null}
      <p>
        <Link to="/">{t('page.backHome')}</Link>
      </p>
    </div>
  );
}
