/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const integration = ['test/integration/**/*.test.ts'];

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  // The Remix plugin builds the app; Vitest runs plain modules and needs none of it.
  plugins: process.env.VITEST
    ? []
    : [
        remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
      ],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true as const, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'] } },
      // The same integration suite runs against the real PostgreSQL server and against PGlite.
      ...(process.env.DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: integration, globalSetup: ['test/support/global-postgres.ts'], env: { SAMVERKA_TEST_DB: 'postgres' } } }]
        : []),
      { extends: true as const, test: { name: 'pglite', include: integration, globalSetup: ['test/support/global-pglite.ts'], env: { SAMVERKA_TEST_DB: 'pglite' } } },
      // Browser tests drive the built app in Chromium; one file at a time keeps two cores calm.
      { extends: true as const, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/global-build.ts'], fileParallelism: false, testTimeout: 120_000 } },
    ],
  },
});
