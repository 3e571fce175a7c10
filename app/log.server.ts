import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach a log line, wherever a caller puts them. The
 * first defence is not logging such values at all (request lines carry the
 * route pattern, never the path with its token, and no headers); this list
 * catches a careless `log.info({ form })` or `log.error({ config })`.
 */
const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'cookie',
  'authorization',
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  'SMTP_URL',
  'DATABASE_URL',
  'MEILI_MASTER_KEY',
  'masterKey',
  'apiKey',
].flatMap((p) => [p, `*.${p}`]);

/**
 * drizzle's query errors carry the query's parameters (emails, hashes) in
 * their message, stack and `params`; the SQL stays, the values go.
 */
function scrubError(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'params') out[key] = '[redacted]';
    else if (typeof v === 'string') out[key] = v.replace(/\nparams: [^\n]*/g, '\nparams: [redacted]');
    else if (key === 'cause') out[key] = scrubError(v);
    else out[key] = v;
  }
  return out;
}

export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: (error: Error) => scrubError(stdSerializers.errWithCause(error)) },
      // Level names and ISO times read better for people than pino's numbers.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}

/** For code that is handed no logger (scripts, tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
