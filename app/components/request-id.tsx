import { createContext, useContext } from 'react';

/**
 * The id of the request that rendered this document, for the 500 page
 * ("quote this to support"). The server provides it from the request context;
 * the browser reads it back from the page's <meta name="request-id"> so that
 * hydration renders the same text.
 */
const RequestIdContext = createContext<string | undefined>(undefined);
export const RequestIdProvider = RequestIdContext.Provider;
export const useRequestId = () => useContext(RequestIdContext);

export function requestIdFromDocument(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content || undefined;
}
