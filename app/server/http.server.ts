import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// The adapter's two halves, which its index does not re-export: remixHandler puts a step between them.
import { createRemixRequest, sendRemixResponse } from '@remix-run/express/dist/server.js';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { matchRoutes } from '@remix-run/react';
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import type { Logger } from '../log.server.ts';
import { buildRequestContext, parseCookies, type RequestContext } from '../context.server.ts';
import type { Services } from '../services.server.ts';
import { SESSION_COOKIE, sessionCookie } from '../auth/session.server.ts';
import { corsPreflight, isCrossOriginWrite, securityHeaders } from './security.server.ts';
import { createPageCache, forgetPagesEverywhere, noteReader } from './page-cache.server.ts';
import { requestStarted } from './foreground.server.ts';

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click`
 * to the link in a notification mail's List-Unsubscribe header, from its own
 * servers, so the request carries no Origin and would be refused as cross-site.
 * The exemption is safe for this path only: the secret token in the URL is the
 * whole credential (no cookie or session is used), and all it can do is turn
 * notification mail off. Path as in app/routes.ts (`avregistrera/:token`).
 *
 * Only as the RFC describes it, though: a provider's server sends no browser
 * headers. A POST that a browser sends from another site (a foreign `Origin`,
 * or `Sec-Fetch-Site` saying cross-site) is not a one-click unsubscribe and
 * meets the ordinary cross-origin guard: 403 with its message.
 */
export function isOneClickUnsubscribe(method: string, path: string, headers: { origin?: string; secFetchSite?: string } = {}): boolean {
  if (headers.origin !== undefined || (headers.secFetchSite !== undefined && headers.secFetchSite !== 'none')) return false;
  return method.toUpperCase() === 'POST' && /^\/avregistrera\/[a-z0-9]+$/.test(path);
}

/**
 * Remix's Express handler (as @remix-run/express builds it), with one step between the answer and sending it: after
 * a request that may have written (anything but GET, HEAD, OPTIONS), every process drops its stored pages, and the
 * answer goes out only once they were told, so the reader's next page, whichever process serves it, is fresh.
 */
function remixHandler(opts: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => Promise<RequestContext>;
}) {
  const handleRequest = createRequestHandler(opts.build, opts.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    try {
      const request = createRemixRequest(req, res);
      const loadContext = await opts.getLoadContext(req, res);
      let response: Response;
      try {
        response = await handleRequest(request, loadContext);
      } finally {
        if (writes) await forgetPagesEverywhere();
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

export type BuildSource = { kind: 'production'; buildDir: string } | { kind: 'development' };

/** An incoming X-Request-Id is kept only from a trusted proxy, and only when it looks like an id. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The client's address as Express decided it (TRUST_PROXY), IPv4 written as
 * IPv4: a dual-stack socket reports `::ffff:203.0.113.7`, which would
 * otherwise be a second sign-in bucket and a second spelling in the audit log.
 */
export function clientAddress(ip: string | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children: RouteNode[] };
const routeTrees = new WeakMap<ServerBuild['routes'], RouteNode[]>();

/**
 * The matched route's path pattern (`/aterstall-losenord/:token`), which is
 * what the request log records: raw paths can hold secrets (reset,
 * invitation, unsubscribe and calendar tokens), and the query string too.
 * Single-fetch data requests (`/sok.data`) keep their suffix.
 */
export function routePattern(routes: ServerBuild['routes'], pathname: string): string {
  let tree = routeTrees.get(routes);
  if (!tree) {
    const children = (parentId: string | undefined): RouteNode[] =>
      Object.values(routes)
        .filter((r) => r.parentId === parentId)
        .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: children(r.id) }));
    tree = children(undefined);
    routeTrees.set(routes, tree);
  }
  const data = pathname.endsWith('.data');
  let path = data ? pathname.slice(0, -'.data'.length) : pathname;
  if (data && path === '/_root') path = '/';
  const matches = matchRoutes(tree as Parameters<typeof matchRoutes>[0], path);
  if (!matches) return '(no route)';
  const pattern = `/${matches.map((m) => m.route.path ?? '').filter(Boolean).join('/')}`.replace(/\/+/g, '/');
  return data ? `${pattern}.data` : pattern;
}

/**
 * The Express app around Remix: security headers, the cross-origin write
 * guard, static assets, and a request context (session, locale) for Remix.
 */
export async function createHttpApp(services: Services, source: BuildSource) {
  const app = express();
  app.disable('x-powered-by');
  const development = source.kind === 'development';
  // Who may tell us the client's address (X-Forwarded-For): Express's req.ip follows this, through proxy-addr.
  app.set('trust proxy', services.config.TRUST_PROXY);
  const trusts = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  let build: ServerBuild | (() => Promise<ServerBuild>);

  // First: a request id, and one log line per request when its response is done.
  app.use((req, res, next) => {
    const started = performance.now();
    const pathname = req.path;
    const incoming = req.get('x-request-id');
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) && trusts(req.socket.remoteAddress ?? '', 0) ? incoming : crypto.randomUUID();
    const log = services.logger.child({ reqId: requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.set('X-Request-Id', requestId);
    res.once('close', requestStarted());
    res.once('close', () => {
      const status = res.statusCode;
      // Vite's own module requests in development would drown the rest.
      const level = status >= 500 ? 'error' : development && !res.locals.remix ? 'debug' : 'info';
      // A level that is off costs no route matching either.
      if (!log.isLevelEnabled(level)) return;
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const line = (route: string) =>
        log[level]({ method: req.method, route, status, durationMs, ip: clientAddress(req.ip), ...(res.writableFinished ? {} : { aborted: true }) }, 'request');
      if (!development && pathname.startsWith('/assets/')) return line('/assets/*');
      void Promise.resolve(typeof build === 'function' ? build() : build)
        .then((b) => routePattern(b.routes, pathname))
        .catch(() => '(no route)')
        .then(line);
    });
    next();
  });

  const formTargets = [...new Set(services.config.OIDC_PROVIDERS.map((p) => new URL(p.issuer).origin))];
  app.use((req, res, next) => {
    // 122 random bits, from the pool randomUUID keeps: randomBytes asked the system for 16 bytes on every page.
    res.locals.nonce = crypto.randomUUID().replaceAll('-', '');
    const defaults = securityHeaders(res.locals.nonce as string, { development, https: services.config.secureCookies, formTargets });
    res.set(defaults);
    // Remix's adapter copies a response's headers with res.append: a route's own value of one of
    // these (an attachment's sandboxing CSP) must replace the default, not make it `nosniff, nosniff`.
    const own = new Set(Object.keys(defaults).map((name) => name.toLowerCase()));
    const append = res.append.bind(res);
    res.append = (field: string, value?: string | string[]) => (own.has(field.toLowerCase()) && value !== undefined ? res.set(field, value) : append(field, value));
    if (
      !isOneClickUnsubscribe(req.method, req.path, { origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site') }) &&
      isCrossOriginWrite(req.method, {
        origin: req.get('origin'),
        secFetchSite: req.get('sec-fetch-site'),
        host: req.get('host'),
      })
    ) {
      res.status(403).type('text/plain; charset=utf-8').send('Förfrågan kom från en annan webbplats och stoppades. / Cross-origin request refused.');
      return;
    }
    next();
  });

  // A cross-origin preflight for the read API and the open data (app/http/cors.ts): answered here, as Remix knows no OPTIONS.
  app.options('*', corsPreflight);

  if (source.kind === 'development') {
    const vite = await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    const clientDir = path.join(source.buildDir, 'client');
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
    // Files beside assets/ (from a public/ folder) only when there are any: the lookup costs a stat on every page request.
    if (fs.readdirSync(clientDir).some((name) => name !== 'assets')) app.use(express.static(clientDir, { maxAge: '1h' }));
    build = (await import(path.join(source.buildDir, 'server', 'index.js'))) as ServerBuild;
  }

  // Pages for anonymous readers, rendered once and served many times (issue 15). Off in development: Vite rebuilds.
  if (services.config.PAGE_CACHE === 'on' && !development) app.use(createPageCache().middleware);

  app.all(
    '*',
    (_req, res, next) => {
      res.locals.remix = true;
      next();
    },
    remixHandler({
      build,
      mode: development ? 'development' : 'production',
      getLoadContext: async (req: ExpressRequest, res) => {
        const headers = new Headers();
        for (const name of ['cookie', 'accept-language']) {
          const value = req.get(name);
          if (value) headers.set(name, value);
        }
        const context = await buildRequestContext(services, headers, {
          ip: clientAddress(req.ip),
          method: req.method,
          nonce: res.locals.nonce as string,
          requestId: res.locals.requestId as string,
          log: res.locals.log as Logger,
        });
        noteReader(res, context.actor);
        // A renewed session's cookie goes out with whatever response follows.
        if (context.auth?.renewed) {
          const token = parseCookies(req.get('cookie'))[SESSION_COOKIE]!;
          res.append('Set-Cookie', sessionCookie(token, context.auth.session.expiresAt, services.config.secureCookies));
        }
        return context;
      },
    }),
  );

  // What failed outside Remix (building the request context, say): logged with the stack, answered with the id only.
  app.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    ((res.locals.log as Logger | undefined) ?? services.logger).error({ err: error }, 'request failed');
    if (res.headersSent) return next(error);
    const id = res.locals.requestId as string;
    res
      .status(500)
      .type('text/plain; charset=utf-8')
      .send(`Något gick fel. Ange felkoden ${id} om du kontaktar supporten.\nSomething went wrong. Quote the reference ${id} if you contact support.\n`);
  });
  return app;
}
