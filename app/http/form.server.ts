/**
 * Reading what a request sends, in one place, so that bad input is a 4xx
 * with a message and never reaches the database as a 500: form bodies of the
 * two types browsers send, no control characters (PostgreSQL refuses NUL in
 * text, error 22021), whole numbers within PostgreSQL's integer, plausible
 * path keys.
 */
import { isUuid } from './uuid.ts';
import { badRequest, errorResponse, notFound } from './guards.server.ts';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** C0 controls and DEL, except tab, line feed and carriage return (which textareas send). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControlCharacters = (value: string) => CONTROL.test(value);

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** 415 unless the body is a form: urlencoded or multipart, or only multipart for uploads (`multipartOnly`). */
export function assertFormContentType(request: Request, opts: { multipartOnly?: boolean } = {}): void {
  const type = mediaType(request);
  const allowed = opts.multipartOnly ? type === 'multipart/form-data' : FORM_TYPES.has(type);
  if (!allowed) throw errorResponse(`expected a form body (${opts.multipartOnly ? 'multipart/form-data' : 'application/x-www-form-urlencoded or multipart/form-data'}), got ${type || 'none'}`, 415);
}

/** 400 when any field name, text value or file name carries a control character; file contents have their own rules. */
export function assertCleanForm(form: FormData): void {
  for (const [name, value] of form.entries()) {
    if (hasControlCharacters(name) || hasControlCharacters(typeof value === 'string' ? value : value.name)) badRequest(`the field "${name.replace(CONTROL, '?')}" contains a control character`);
  }
}

/**
 * The form body of an action: 415 for anything but a form, 400 for a body
 * that does not parse or a field with a control character.
 */
export async function readForm(request: Request): Promise<FormData> {
  assertFormContentType(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    badRequest('the form body could not be read');
  }
  assertCleanForm(form);
  return form;
}

/** PostgreSQL's integer: versions, years, ids of jobs. */
export const INT4_MAX = 2_147_483_647;

/**
 * A whole number written in decimal digits (an optional minus), within
 * [min, max]; null for anything else ("abc", "1e308", "1.5", "9999999999999999999").
 */
export function parseWholeNumber(value: unknown, opts: { min?: number; max?: number } = {}): number | null {
  if (typeof value !== 'string' || !/^-?\d{1,16}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  const min = opts.min ?? -INT4_MAX - 1;
  const max = opts.max ?? INT4_MAX;
  return n >= min && n <= max ? n : null;
}

/** A whole number the request must carry, or a 400 naming it. */
export function requireWholeNumber(value: unknown, name: string, opts: { min?: number; max?: number } = {}): number {
  const n = parseWholeNumber(value, opts);
  if (n === null) badRequest(`"${name}" must be a whole number${opts.min !== undefined || opts.max !== undefined ? ` from ${opts.min ?? -INT4_MAX - 1} to ${opts.max ?? INT4_MAX}` : ''}`);
  return n;
}

/** An id the request must carry (a member, an invitation), or a 400 naming it: never a query with a malformed uuid. */
export function requireUuid(value: unknown, name: string): string {
  if (!isUuid(value)) badRequest(`"${name}" must be an id`);
  return value;
}

/**
 * A slug, code or token from the path: 404 for one that cannot name anything
 * (empty, over-long, or with a control character), before any query.
 */
export function pathKey(value: string | undefined): string {
  if (!isPathKey(value)) notFound();
  return value;
}

export const isPathKey = (value: string | undefined): value is string => Boolean(value) && value!.length <= 300 && !hasControlCharacters(value!);
