import { ErrorPage } from '#app/root.tsx';

export function loader() {
  throw new Response('not found', { status: 404, statusText: 'Not Found' });
}

export function action() {
  throw new Response('not found', { status: 404, statusText: 'Not Found' });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}

export function ErrorBoundary() {
  return <ErrorPage status={404} />;
}
