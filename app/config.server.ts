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

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(3000),
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
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  /** Statistics APIs the import fetches from (issue 13); tests point them at a local server. */
  KOLADA_API_URL: urlWithProtocols(['http:', 'https:']).default('https://api.kolada.se/v3'),
  SCB_API_URL: urlWithProtocols(['http:', 'https:']).default('https://statistikdatabasen.scb.se/api/v2'),
  /** Read API requests a minute per IP address (anonymous callers) and per personal access token (issue 18). */
  API_RATE_LIMIT_IP: z.coerce.number().int('must be a whole number').min(1).max(1_000_000).default(120),
  API_RATE_LIMIT_TOKEN: z.coerce.number().int('must be a whole number').min(1).max(1_000_000).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
const SECRET_SETTINGS = new Set(['DATABASE_URL', 'SMTP_URL', 'MEILI_URL', 'MEILI_MASTER_KEY']);
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
