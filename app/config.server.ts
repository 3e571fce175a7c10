import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { z } from 'zod';

/**
 * Environment, validated once at boot. A wrong value stops the start with a
 * message naming the variable, instead of failing later somewhere deep.
 */
const urlWithProtocols = (protocols: string[]) =>
  z
    .string()
    .url('must be a URL')
    // URL.canParse: a value that is no URL at all already failed above; throwing here would put it in the stack trace.
    .refine((v) => !URL.canParse(v) || protocols.includes(new URL(v).protocol), {
      message: `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

/** The kinds of publisher in the ADMS publisher-type vocabulary (http://purl.org/adms/publishertype/…), as DCAT-AP-SE asks for `dcterms:type`. */
export const ADMS_PUBLISHER_TYPES = [
  'Academia-ScientificOrganisation',
  'Company',
  'IndustryConsortium',
  'LocalAuthority',
  'NationalAuthority',
  'NonGovernmentalOrganisation',
  'NonProfitOrganisation',
  'PrivateIndividual(s)',
  'RegionalAuthority',
  'StandardisationBody',
  'SupraNationalAuthority',
] as const;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(3000),
  /**
   * HTTP worker processes `npm start` runs with DATABASE_URL set (node:cluster, app/server/main.ts); issue 15.
   * The embedded PGlite database belongs to one process, so without DATABASE_URL there is always one.
   */
  WEB_CONCURRENCY: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(64, 'must be at most 64').default(Math.min(os.availableParallelism(), 64)),
  PUBLIC_URL: urlWithProtocols(['http:', 'https:']).optional(),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  UPLOADS_DIR: z.string().min(1).optional(),
  MEILI_URL: urlWithProtocols(['http:', 'https:']).optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  MEILI_BIN: z.string().min(1).optional(),
  SEARCH_TIMEOUT_MS: z.coerce.number().int('must be a whole number').min(100, 'must be at least 100').max(60_000, 'must be at most 60000').default(3000),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Samverka <noreply@samverka.local>'),
  /** Where people write to the people running this installation: the contact page and the accessibility statement (issue 14). */
  CONTACT_EMAIL: z.string().email('must be an e-mail address').default('kontakt@samverka.local'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** The shared cache of rendered pages for anonymous readers (app/server/page-cache.server.ts, issue 15); `off` renders every request. */
  PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  /** Statistics APIs the import fetches from (issue 13); tests point them at a local server. */
  KOLADA_API_URL: urlWithProtocols(['http:', 'https:']).default('https://api.kolada.se/v3'),
  SCB_API_URL: urlWithProtocols(['http:', 'https:']).default('https://statistikdatabasen.scb.se/api/v2'),
  /** Read API requests a minute per IP address (anonymous callers) and per personal access token (issue 18). */
  API_RATE_LIMIT_IP: z.coerce.number().int('must be a whole number').min(1).max(1_000_000).default(120),
  API_RATE_LIMIT_TOKEN: z.coerce.number().int('must be a whole number').min(1).max(1_000_000).default(600),
  /**
   * Who publishes the open data, as the DCAT-AP-SE catalogue at /oppna-data/katalog names them (issue 18): the
   * publisher's name and its kind from the ADMS publisher-type vocabulary, and the contact point's name and mail.
   */
  OPEN_DATA_PUBLISHER: z.string().trim().min(2, 'must be at least 2 characters').max(200).default('Samverka'),
  OPEN_DATA_PUBLISHER_TYPE: z.enum(ADMS_PUBLISHER_TYPES).default('LocalAuthority'),
  OPEN_DATA_CONTACT_NAME: z.string().trim().min(2, 'must be at least 2 characters').max(200).optional(),
  OPEN_DATA_CONTACT_EMAIL: z.string().trim().email('must be a mail address such as oppnadata@kommun.se').default('oppnadata@samverka.local'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** OpenID Connect providers for single sign-on (issue 17): a JSON array, see OidcProviderSchema. */
  OIDC_PROVIDERS: z.string().default('[]').transform(parseOidcProviders),
  /**
   * The assurance a platform admin's session needs before admin powers apply (issue 17): `acr` values separated by
   * spaces or commas, the required minimum first, then any higher levels that also pass. Unset: no requirement.
   */
  ADMIN_MIN_ACR: z.string().default('').transform(parseAcrList),
});

/** ADMIN_MIN_ACR: a list of `acr` values (URIs or plain tokens), none twice. */
function parseAcrList(raw: string, ctx: z.RefinementCtx): string[] {
  const values = raw.split(/[\s,]+/).filter(Boolean);
  for (const value of values) {
    if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'each level must be an acr value such as http://id.elegnamnden.se/loa/1.0/loa3 (printable characters, no spaces, at most 200)' });
      return z.NEVER;
    }
  }
  if (new Set(values).size !== values.length) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a level is listed twice' });
    return z.NEVER;
  }
  return values;
}

const domainName = z
  .string()
  .transform((d) => d.trim().toLowerCase())
  .refine((d) => /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d), 'must be a domain name such as malmo.se');

/** One OpenID Connect provider. The client secret is never shown in a boot error (see shownValue). */
const OidcProviderSchema = z
  .object({
    /** In the URLs (/logga-in/sso/<id>) and the identity table: keep it stable once people have signed in. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lower-case letters, digits or dashes'),
    issuer: urlWithProtocols(['http:', 'https:']).refine((v) => !URL.canParse(v) || v.startsWith('https:') || isLoopbackUrl(v), {
      message: 'must start with https:// (plain http only for a provider on this machine)',
    }),
    clientId: z.string().min(1, 'must not be empty'),
    clientSecret: z.string().min(1, 'must not be empty'),
    label: z.object({ sv: z.string().min(1, 'must not be empty').max(80), en: z.string().min(1, 'must not be empty').max(80) }).strict(),
    /** Only addresses on these domains may create an account (or link one by address). */
    allowedDomains: z.array(domainName).min(1, 'leave it out to allow every domain').optional(),
    /** Sent as acr_values (e-ID assurance, e.g. http://id.elegnamnden.se/loa/1.0/loa3). */
    acrValues: z.array(z.string().min(1)).min(1).optional(),
    /** An organisation new users of this provider may join. */
    organizationSlug: z.string().min(1).optional(),
  })
  .strict();

/** Plain http is allowed only for an OpenID provider on this machine (tests, development). */
export function isLoopbackUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export type OidcProviderConfig = z.infer<typeof OidcProviderSchema>;

/** OIDC_PROVIDERS: JSON, an array of providers with unique ids. Problems name the entry and field, never a value. */
function parseOidcProviders(raw: string, ctx: z.RefinementCtx): OidcProviderConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON array of providers' });
    return z.NEVER;
  }
  const parsed = z.array(OidcProviderSchema).safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      // Zod's messages for unknown keys and enums quote input; these name the field only.
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${where || '(top level)'}: ${message}` });
    }
    return z.NEVER;
  }
  const seen = new Set<string>();
  for (const [i, provider] of parsed.data.entries()) {
    if (seen.has(provider.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `[${i}].id: "${provider.id}" is used twice` });
    seen.add(provider.id);
  }
  return parsed.data;
}

/** What Express's `trust proxy` setting gets: off, a number of hops, or proxy addresses/CIDRs/keywords. */
export type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY: `false` (the default: the socket address is the client), a
 * number of proxy hops in front of the app, or a comma-separated list of
 * proxy addresses, CIDR ranges and Express's keywords (`loopback`,
 * `linklocal`, `uniquelocal`). The list is checked by Express itself
 * (proxy-addr), so what boots is exactly what Express will trust.
 * `true` is refused: trusting every peer lets anyone pick their own address.
 */
function parseTrustProxy(raw: string, ctx: z.RefinementCtx): TrustProxy {
  const value = raw.trim();
  if (value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'at most 10 proxy hops' });
      return z.NEVER;
    }
    return hops;
  }
  if (value === 'true') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '"true" would trust every peer, so anyone could choose their own address: give the number of proxies in front of the app or their addresses' });
    return z.NEVER;
  }
  const list = value.split(',').map((v) => v.trim());
  if (list.some((v) => v === '')) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an empty entry in the list' });
    return z.NEVER;
  }
  try {
    express().set('trust proxy', list);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be false, a number of hops, or addresses/CIDRs/loopback/linklocal/uniquelocal (${error instanceof Error ? error.message : error})` });
    return z.NEVER;
  }
  return list;
}

/**
 * Settings whose value may hold a credential (a password inside a URL, a key).
 * Their values never appear in a boot error, which lands in logs.
 */
const SECRET_SETTINGS = new Set(['DATABASE_URL', 'SMTP_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'OIDC_PROVIDERS']);
const looksSecret = (name: string) => SECRET_SETTINGS.has(name) || /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL/i.test(name);

/** What a boot error may show of a value: a secret's never, and never a password inside a URL. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined || looksSecret(name)) return '';
  if (URL.canParse(value) && (new URL(value).password || new URL(value).username)) return ' (value hidden: it holds credentials)';
  return ` (got ${JSON.stringify(value)})`;
}

export type Config = z.infer<typeof EnvSchema> & {
  publicUrl: string;
  pgliteDir: string;
  uploadsDir: string;
  meiliDataDir: string;
  secureCookies: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        // Zod's enum message quotes the input; a secret gets a plain one.
        const message = looksSecret(name) && i.code === 'invalid_enum_value' ? 'is not one of the allowed values' : i.message;
        return `${i.path.join('.')}: ${message}${shownValue(name, cleaned[name])}`;
      }),
    );
  }
  const c = parsed.data;
  if (c.MEILI_URL && !c.MEILI_MASTER_KEY) {
    throw new ConfigError(['MEILI_MASTER_KEY: required when MEILI_URL is set']);
  }
  // A password sign-in carries no acr: without a provider, nobody could ever reach the admin pages.
  if (c.ADMIN_MIN_ACR.length && c.OIDC_PROVIDERS.length === 0) {
    throw new ConfigError(['ADMIN_MIN_ACR: needs at least one provider in OIDC_PROVIDERS (a password sign-in has no assurance level)']);
  }
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    publicUrl,
    pgliteDir: path.resolve(c.DATA_DIR, 'pg'),
    uploadsDir: path.resolve(c.UPLOADS_DIR ?? path.join(c.DATA_DIR, 'uploads')),
    meiliDataDir: path.resolve(c.DATA_DIR, 'meili'),
    secureCookies: publicUrl.startsWith('https:'),
  };
}
