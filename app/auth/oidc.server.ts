/**
 * The OpenID Connect protocol side of single sign-on (issue 17), on
 * `openid-client`: discovery (cached per provider, retried after a short
 * pause when the provider was down), the authorization URL (code flow with
 * PKCE, state and nonce) and the code exchange with every ID token check the
 * library makes (issuer, audience, signature, expiry, nonce). What to do with
 * the person is in `accounts/sso.server.ts`.
 */
import * as client from 'openid-client';
import { isLoopbackUrl, type OidcProviderConfig } from '../config.server.ts';

/** After a failed discovery, the next sign-in page or attempt tries again once this much time has passed. */
export const DISCOVERY_RETRY_MS = 30_000;
/** Discovery and token requests give up after this long: a slow provider must not hold the sign-in page. */
const REQUEST_TIMEOUT_SECONDS = 5;

type CacheEntry = { config: client.Configuration } | { failedAt: number } | { pending: Promise<client.Configuration | null> };
// Keyed by the provider's configuration object: a new configuration (a test, a restart) starts afresh.
const discoveryCache = new WeakMap<OidcProviderConfig, CacheEntry>();

/** The provider's configuration from its discovery document, or null while it cannot be reached. */
export async function discover(provider: OidcProviderConfig, now = Date.now()): Promise<client.Configuration | null> {
  const cached = discoveryCache.get(provider);
  if (cached && 'config' in cached) return cached.config;
  if (cached && 'pending' in cached) return cached.pending;
  if (cached && now - cached.failedAt < DISCOVERY_RETRY_MS) return null;
  const pending = client
    .discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      client.ClientSecretBasic(provider.clientSecret),
      {
        timeout: REQUEST_TIMEOUT_SECONDS,
        execute: [
          // The ID token comes straight from the provider over TLS, so openid-client skips its signature by default;
          // we check it against the provider's keys anyway, so a token that is not the provider's is refused.
          client.enableNonRepudiationChecks,
          // openid-client v6 refuses http issuers; allowed for loopback ones only (tests, development), the only http ones the config module lets through.
          ...(new URL(provider.issuer).protocol === 'http:' && isLoopbackUrl(provider.issuer) ? [client.allowInsecureRequests] : []),
        ],
      },
    )
    .then((config) => {
      discoveryCache.set(provider, { config });
      return config;
    })
    .catch(() => {
      discoveryCache.set(provider, { failedAt: Date.now() });
      return null;
    });
  discoveryCache.set(provider, { pending });
  return pending;
}

export interface AuthorizationStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function buildAuthorization(config: client.Configuration, provider: OidcProviderConfig, redirectUri: string): Promise<AuthorizationStart> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (provider.acrValues) parameters.acr_values = provider.acrValues.join(' ');
  return { url: client.buildAuthorizationUrl(config, parameters).href, state, nonce, codeVerifier };
}

/** Why a callback did not yield a person; each has its own page text. */
export type SsoFailure =
  | 'badState'
  | 'cancelled'
  | 'providerError'
  | 'unavailable'
  | 'rejected'
  | 'badToken'
  | 'noEmail'
  | 'unverifiedEmail'
  | 'domainNotAllowed'
  | 'identityTaken';

export interface VerifiedClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  acr: string | null;
  /** The ID token as received, kept on the session for `id_token_hint` at logout. */
  idToken: string;
}

/**
 * Exchanges the code (sending the PKCE verifier) and checks the ID token
 * against the expected nonce; the state was already matched by the caller.
 */
export async function exchangeCode(
  config: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ ok: true; claims: VerifiedClaims } | { ok: false; failure: SsoFailure }> {
  let claims: Record<string, unknown> | undefined;
  let idTokenJwt: string | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken || !tokens.id_token) return { ok: false, failure: 'badToken' };
    claims = idToken;
    idTokenJwt = tokens.id_token;
    // Some providers put only `sub` in the ID token and the rest behind the userinfo endpoint (checked to be the same `sub`).
    if (typeof idToken.email !== 'string' && config.serverMetadata().userinfo_endpoint) {
      claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    }
  } catch (error) {
    return { ok: false, failure: classifyError(error) };
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') return { ok: false, failure: 'badToken' };
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim().toLowerCase() : null;
  const name = [claims.name, [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ')].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  return {
    ok: true,
    claims: {
      subject: claims.sub,
      email,
      // Only a literal true counts: some providers send "true" as a string, which proves nothing about who checked it.
      emailVerified: claims.email_verified === true,
      name: name?.trim().slice(0, 120) ?? null,
      acr: typeof claims.acr === 'string' ? claims.acr : null,
      idToken: idTokenJwt!,
    },
  };
}

function classifyError(error: unknown): SsoFailure {
  // The provider answered the authorization request with an error (`error=…` on the callback).
  if (error instanceof client.AuthorizationResponseError) return error.error === 'access_denied' ? 'cancelled' : 'providerError';
  // The token endpoint refused (a used or expired code: invalid_grant).
  if (error instanceof client.ResponseBodyError) return 'rejected';
  const cause = error instanceof Error ? error.cause : undefined;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  // Network trouble: the provider is down or too slow.
  if (error instanceof TypeError || error instanceof DOMException || cause instanceof TypeError || code === 'OAUTH_TIMEOUT') return 'unavailable';
  // A response that was no proper JSON, or an ID token that failed a check (signature, expiry, nonce, audience).
  return 'badToken';
}

/**
 * RP-initiated logout: where to send the browser after Samverka's session ends, when the provider offers it.
 * With the session's ID token as `id_token_hint` the provider knows whose session to end and may skip asking
 * (OpenID Connect RP-Initiated Logout 1.0, section 2; some providers, Keycloak among them, require it).
 */
export function endSessionUrl(config: client.Configuration, postLogoutRedirectUri: string, idToken: string | null): string | null {
  if (!config.serverMetadata().end_session_endpoint) return null;
  const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri, client_id: config.clientMetadata().client_id };
  if (idToken) parameters.id_token_hint = idToken;
  return client.buildEndSessionUrl(config, parameters).href;
}
