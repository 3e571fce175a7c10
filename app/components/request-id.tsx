import { createContext, useContext } from 'react';

/**
 * The id of the request behind what the reader sees, for the 500 page
 * ("quote this to support"). The server provides its request's id; the browser
 * reads the document's id back from <meta name="request-id"> (so hydration
 * renders the same text), and after a client-side navigation uses the id of
 * the latest data request, which is the one whose failure the page shows.
 */
const RequestIdContext = createContext<string | undefined>(undefined);
export const RequestIdProvider = RequestIdContext.Provider;

let latestDataRequestId: string | undefined;

/** The document's own request id (the <meta> tag). */
export const useDocumentRequestId = () => useContext(RequestIdContext);

/** The id to quote on an error page: the latest data request's, else the document's. */
export function useRequestId(): string | undefined {
  const documentId = useContext(RequestIdContext);
  return latestDataRequestId ?? documentId;
}

export function requestIdFromDocument(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content || undefined;
}

/** Browser only: notes the X-Request-Id of Remix's data requests (`….data`), as they answer. */
export function trackDataRequestIds() {
  const fetchBefore = window.fetch;
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await fetchBefore(...args);
    if (response.url && new URL(response.url).pathname.endsWith('.data')) latestDataRequestId = response.headers.get('x-request-id') ?? undefined;
    return response;
  };
}
