import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (`oidc-provider`) on a loopback port, for the single
 * sign-on tests. People are added with `addPerson`; `login` plays the browser
 * at the provider (its development login and consent forms, over plain HTTP)
 * and returns the callback URL the provider sends the browser back to.
 * `tamper` changes the next token responses to make the bad cases the issue
 * lists: ID tokens are re-signed with the provider's own key (so only the
 * changed claim is wrong), or broken on purpose.
 */
export interface TestPerson {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export type Tamper =
  | { kind: 'none' }
  | { kind: 'claims'; change: (claims: Record<string, unknown>) => Record<string, unknown> }
  | { kind: 'badSignature' }
  | { kind: 'garbage' };

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  addPerson(id: string, person: TestPerson): void;
  /** Signs `personId` in at the provider, starting from the authorization URL; returns the callback URL (path and query). */
  login(authorizationUrl: string, personId: string): Promise<string>;
  /** Presses "cancel" at the provider's login page; returns the callback URL carrying error=access_denied. */
  cancel(authorizationUrl: string): Promise<string>;
  tamper: Tamper;
  /** The authorization request parameters the provider last received. */
  lastAuthorization: URLSearchParams | null;
  close(): Promise<void>;
}

/**
 * `redirectUris` is read when the first request arrives, so a test whose app
 * port is not known yet (a browser test) can add its callback URL afterwards.
 */
export async function startOidcProvider(opts: { redirectUris: string[]; postLogoutRedirectUri?: string }): Promise<TestOidcProvider> {
  const people = new Map<string, TestPerson>();
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'samverka-test';
  const clientSecret = crypto.randomBytes(24).toString('hex');

  const build = () =>
    new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUri ? [opts.postLogoutRedirectUri] : [],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [jwk] },
    acrValues: ['http://id.elegnamnden.se/loa/1.0/loa3'],
    async findAccount(_ctx, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...person }) };
    },
    // The provider's own page rendering is not under test; keep its errors out of the test output.
    renderError(ctx, out) {
      ctx.type = 'text';
      ctx.body = JSON.stringify(out);
    },
  });

  const state: TestOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    tamper: { kind: 'none' },
    lastAuthorization: null,
    addPerson: (id, person) => people.set(id, person),
    login: (url, personId) => browse(url, personId),
    cancel: (url) => browse(url, null),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const configure = (provider: Provider) =>
    provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') state.lastAuthorization = new URLSearchParams(ctx.querystring);
    await next();
    if (ctx.path !== '/token' || ctx.status !== 200) return;
    const tamper = state.tamper;
    if (tamper.kind === 'garbage') {
      ctx.type = 'text/html';
      ctx.body = '<html>Service Unavailable</html>';
      return;
    }
    const body = ctx.body as { id_token?: string };
    if (!body?.id_token || tamper.kind === 'none') return;
    const [header, payload, signature] = body.id_token.split('.') as [string, string, string];
    if (tamper.kind === 'badSignature') {
      // Another key's signature over the same token: well-formed, but not the provider's.
      const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      body.id_token = `${header}.${payload}.${crypto.sign('sha256', Buffer.from(`${header}.${payload}`), other).toString('base64url')}`;
      void signature;
      return;
    }
    const claims = tamper.change(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>);
    const newPayload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    body.id_token = `${header}.${newPayload}.${crypto.sign('sha256', Buffer.from(`${header}.${newPayload}`), privateKey).toString('base64url')}`;
  });
  let handler: ReturnType<Provider['callback']> | undefined;
  server.on('request', (req, res) => {
    if (!handler) {
      const provider = build();
      configure(provider);
      handler = provider.callback();
    }
    void handler(req, res);
  });

  /** A cookie-carrying walk through the provider's pages, as a browser would, until it redirects to the app. */
  async function browse(authorizationUrl: string, personId: string | null): Promise<string> {
    const jar = new Map<string, string>();
    let url = authorizationUrl;
    let method = 'GET';
    let body: string | undefined;
    for (let step = 0; step < 20; step++) {
      if (new URL(url).origin !== issuer) {
        const back = new URL(url);
        return back.pathname + back.search;
      }
      const response = await fetch(url, {
        method,
        body,
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      });
      for (const c of response.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 300)}`);
      const uid = new URL(url).pathname.match(/^\/interaction\/([^/]+)/)?.[1];
      if (!uid) throw new Error(`unexpected provider page at ${url}`);
      if (personId === null) {
        url = `${issuer}/interaction/${uid}/abort`;
        continue;
      }
      const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
      method = 'POST';
      url = `${issuer}/interaction/${uid}`;
      body = new URLSearchParams(prompt === 'login' ? { prompt, login: personId, password: 'any' } : { prompt }).toString();
    }
    throw new Error('the provider never sent the browser back');
  }

  return state;
}
