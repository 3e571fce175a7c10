import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { loadConfig } from '#app/config.server.ts';
import { buildRequestContext } from '#app/context.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { silentLogger } from '#app/log.server.ts';
import type { SearchStatus, Services } from '#app/services.server.ts';
import { createTestDatabase } from './db.ts';
import { QueryRecorder } from './query-count.ts';

export const TEST_ORIGIN = 'http://samverka.test';

/** The app's services on a fresh test database; mail goes to `smtpUrl` when given, else the dev mailbox. */
export async function createTestServices(opts: { smtpUrl?: string; search?: SearchStatus } = {}) {
  const queries = new QueryRecorder();
  const database = await createTestDatabase(queries);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-test-'));
  // The statistics APIs point at a closed loopback port: no test reaches the public ones.
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_ORIGIN, SMTP_URL: opts.smtpUrl, DATA_DIR: dataDir, KOLADA_API_URL: 'http://127.0.0.1:9', SCB_API_URL: 'http://127.0.0.1:9' });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db: database.db });
  const services: Services = {
    config,
    db: database.db,
    dbKind: database.kind,
    search: opts.search ?? { available: false, reason: 'search is not started in this test' },
    mailer,
    uploads: createAttachmentStore(config.uploadsDir),
    logger: silentLogger,
  };
  return {
    services,
    /** Sends what the job worker would send: mail leaves through the jobs table. */
    deliverMail: () => runDueJobs(services),
    /** Records the SQL statements sent to this app's database. */
    queries,
    async close() {
      mailer.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

export interface RouteResult {
  status: number;
  headers: Headers;
  /** What the loader or action returned (for plain data and `data()` results). */
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  location: string | null;
}

/**
 * A signed-in (or not) visitor that calls route loaders and actions directly,
 * carrying its session cookie between calls like a browser does.
 */
export class Visitor {
  cookies = new Map<string, string>();
  constructor(
    private readonly services: Services,
    private readonly ip = '192.0.2.10',
  ) {}

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async load(route: RouteModule, path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) {
    return this.call('loader', route, new Request(`${TEST_ORIGIN}${path}`, { headers: this.headers(headers) }), params);
  }

  async submit(route: RouteModule, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
    return this.submitPairs(route, path, Object.entries(fields), params);
  }

  /** Like submit, with repeated names allowed (checkbox groups, multi-selects). */
  async submitPairs(route: RouteModule, path: string, fields: [string, string][], params: Record<string, string> = {}) {
    const request = new Request(`${TEST_ORIGIN}${path}`, {
      method: 'POST',
      headers: this.headers({ Origin: TEST_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams(fields).toString(),
    });
    return this.call('action', route, request, params);
  }

  /** Posts a ready-made FormData body (multipart), as a browser does for a form with files. */
  async rawPost(route: RouteModule, path: string, body: FormData, params: Record<string, string> = {}) {
    const request = new Request(`${TEST_ORIGIN}${path}`, { method: 'POST', headers: this.headers({ Origin: TEST_ORIGIN }), body });
    return this.call('action', route, request, params);
  }

  /** Posts a multipart form, as a browser uploading a file does. */
  async upload(route: RouteModule, path: string, file: { name: string; bytes: Uint8Array; type?: string }, params: Record<string, string> = {}) {
    const body = new FormData();
    body.set('file', new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? 'application/octet-stream' }));
    const request = new Request(`${TEST_ORIGIN}${path}`, { method: 'POST', headers: this.headers({ Origin: TEST_ORIGIN }), body });
    return this.call('action', route, request, params);
  }

  private headers(extra: Record<string, string>) {
    const h = new Headers(extra);
    if (this.cookies.size) h.set('cookie', this.cookieHeader);
    return h;
  }

  private async call(kind: 'loader' | 'action', route: RouteModule, request: Request, params: Record<string, string>): Promise<RouteResult> {
    const fn = route[kind];
    if (!fn) throw new Error(`route has no ${kind}`);
    const context = await buildRequestContext(this.services, request.headers, { ip: this.ip, method: request.method });
    let value: unknown;
    try {
      value = await fn({ request, params, context } as never);
    } catch (thrown) {
      value = thrown;
    }
    return this.toResult(value);
  }

  private async toResult(value: unknown): Promise<RouteResult> {
    if (value instanceof Response) {
      this.absorbCookies(value.headers);
      const type = value.headers.get('content-type') ?? '';
      const binary = /^(application\/(pdf|vnd)|image\/)/.test(type);
      const body =
        value.status >= 300 && value.status < 400 ? null : binary ? new Uint8Array(await value.arrayBuffer()) : type.includes('application/json') ? await value.json() : await value.text();
      return { status: value.status, headers: value.headers, data: body, location: value.headers.get('location') };
    }
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
      const { data, init } = value as { data: unknown; init: ResponseInit | null };
      const headers = new Headers(init?.headers);
      this.absorbCookies(headers);
      return { status: init?.status ?? 200, headers, data, location: null };
    }
    if (value instanceof Error) throw value;
    return { status: 200, headers: new Headers(), data: value, location: null };
  }

  private absorbCookies(headers: Headers) {
    for (const cookie of headers.getSetCookie()) {
      const [pair = '', ...attrs] = cookie.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
