import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { RequestIdProvider, requestIdFromDocument, trackDataRequestIds } from './components/request-id.tsx';

trackDataRequestIds();

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestIdProvider value={requestIdFromDocument()}>
        <RemixBrowser />
      </RequestIdProvider>
    </StrictMode>,
  );
});
