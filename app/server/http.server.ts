import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type Request as ExpressRequest } from 'express';
import { buildRequestContext, parseCookies } from '../context.server.ts';
import type { Services } from '../services.server.ts';
import { SESSION_COOKIE, sessionCookie } from '../auth/session.server.ts';
import { isCrossOriginWrite, securityHeaders } from './security.server.ts';

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

export type BuildSource = { kind: 'production'; buildDir: string } | { kind: 'development' };

/**
 * The Express app around Remix: security headers, the cross-origin write
 * guard, static assets, and a request context (session, locale) for Remix.
 */
export async function createHttpApp(services: Services, source: BuildSource) {
  const app = express();
  app.disable('x-powered-by');
  const development = source.kind === 'development';

  app.use((req, res, next) => {
    res.locals.nonce = crypto.randomBytes(16).toString('base64');
    res.set(securityHeaders(res.locals.nonce as string, { development }));
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

  let build: ServerBuild | (() => Promise<ServerBuild>);
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

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: development ? 'development' : 'production',
      getLoadContext: async (req: ExpressRequest, res) => {
        const headers = new Headers();
        for (const name of ['cookie', 'accept-language']) {
          const value = req.get(name);
          if (value) headers.set(name, value);
        }
        const context = await buildRequestContext(services, headers, { ip: req.socket.remoteAddress ?? null, nonce: res.locals.nonce as string });
        // A renewed session's cookie goes out with whatever response follows.
        if (context.auth?.renewed) {
          const token = parseCookies(req.get('cookie'))[SESSION_COOKIE]!;
          res.append('Set-Cookie', sessionCookie(token, context.auth.session.expiresAt, services.config.secureCookies));
        }
        return context;
      },
    }),
  );
  return app;
}
