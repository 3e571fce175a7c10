import { afterAll, beforeAll } from 'vitest';
import type { Config } from '#app/config.server.ts';
import type { SearchStatus, Services } from '#app/services.server.ts';
import { createTestServices } from './app.ts';
import { signedUpVisitor, type Person } from './people.ts';
import { startTestSearch } from './search.ts';
import { startSmtpServer } from './smtp.ts';

export interface TestAppOptions {
  /** Start a real SMTP server and send the app's mail through it (else mail goes to the dev mailbox). */
  smtp?: boolean;
  /** `true`: start a real Meilisearch for this file; a function: the search status to use (read when the app starts). */
  search?: boolean | (() => SearchStatus);
  /** Settings that differ from the test defaults. */
  config?: Partial<Config>;
}

type Started = {
  app: Awaited<ReturnType<typeof createTestServices>>;
  smtp?: Awaited<ReturnType<typeof startSmtpServer>>;
  search?: Awaited<ReturnType<typeof startTestSearch>>;
};

/**
 * The app of one integration test file (or `describe` block): its services on a
 * fresh database, with a real SMTP server and a real Meilisearch when asked for.
 * Registers the `beforeAll` that starts them and the `afterAll` that closes them;
 * the handle's fields can be read from the first hook registered after this call
 * on (hooks run in order; `afterAll`s in reverse, so this one closes last).
 *
 *   const app = setUpTestApp({ smtp: true });
 *   let editor: Person;
 *   beforeAll(async () => { [editor] = await app.people('Editor'); });
 */
export function setUpTestApp(opts: TestAppOptions = {}) {
  // Filled in step by step, so that afterAll closes whatever did start when a later step failed.
  let started: Partial<Started> = {};
  const need = () => {
    const { app } = started;
    if (!app) throw new Error('setUpTestApp: the app starts in beforeAll; read it inside a hook or a test');
    return { ...started, app };
  };

  beforeAll(async () => {
    [started.smtp, started.search] = await Promise.all([opts.smtp ? startSmtpServer() : undefined, opts.search === true ? startTestSearch() : undefined]);
    const search = typeof opts.search === 'function' ? opts.search() : started.search?.status();
    const app = await createTestServices({ smtpUrl: started.smtp?.url, search });
    if (opts.config) app.services.config = { ...app.services.config, ...opts.config };
    started.app = app;
  });
  afterAll(async () => {
    const { app, smtp, search } = started;
    started = {};
    await app?.close();
    await Promise.all([smtp?.close(), search?.close()]);
  });

  return {
    get services(): Services {
      return need().app.services;
    },
    /** Sends what the job worker would send: mail (and every other due job) leaves through the jobs table. */
    deliverMail: () => need().app.deliverMail(),
    /** The SMTP server the app's mail goes to (`smtp: true`). */
    get smtp() {
      const { smtp } = need();
      if (!smtp) throw new Error('setUpTestApp({ smtp: true }) starts an SMTP server');
      return smtp;
    },
    /** The file's Meilisearch (`search: true`): `stop()` and `start()` it to play an outage. */
    get search() {
      const { search } = need();
      if (!search) throw new Error('setUpTestApp({ search: true }) starts Meilisearch');
      return search;
    },
    /** Runs `work` and returns its result with the SQL statements it sent (a request's round trips). */
    countQueries: <T>(work: () => Promise<T>) => need().app.queries.during(work),
    /** Signed-up, confirmed people with these names, one after another. */
    async people<const Names extends readonly string[]>(...names: Names): Promise<{ [K in keyof Names]: Person }> {
      const people: Person[] = [];
      for (const name of names) people.push(await signedUpVisitor(need().app.services, name));
      return people as { [K in keyof Names]: Person };
    },
  };
}

export type TestApp = ReturnType<typeof setUpTestApp>;
