import { ErrorPage } from '#app/components/error-boundary.tsx';

export function loader() {
  throw new Response('not found', { status: 404, statusText: 'Not Found' });
}

export function action() {
  throw new Response('not found', { status: 404, statusText: 'Not Found' });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}

export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
