import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { RequestIdProvider, requestIdFromDocument, trackDataRequestIds } from './components/request-id.tsx';
import { isLocale, loadCatalog } from './i18n/index.ts';

trackDataRequestIds();

// Only the reader's language catalog is downloaded (issue 14), and before hydrating, so the first client
// render says what the server rendered. The root Layout writes the reader's locale to <html lang>.
// Should the catalog fail to load, the page stays as the server sent it (it works without JavaScript).
const lang = document.documentElement.lang;
loadCatalog(isLocale(lang) ? lang : 'sv').then(
  () =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RequestIdProvider value={requestIdFromDocument()}>
            <RemixBrowser />
          </RequestIdProvider>
        </StrictMode>,
      );
    }),
  (error: unknown) => console.error('Samverka: the language catalog did not load; the page works without scripts.', error),
);
