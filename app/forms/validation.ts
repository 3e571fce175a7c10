import { z } from 'zod';
import type { MessageKey } from '../i18n/index.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password-rules.ts';

/** An error shown beside a form field: a catalog key and its parameters. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}
export type FieldErrors = Partial<Record<string, FieldError>>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates FormData against a schema whose messages are catalog keys. Fields
 * named in `arrays` (multi-selects, checkbox groups) keep all their values.
 */
export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData, opts: { arrays?: readonly string[] } = {}): FormResult<z.infer<S>> {
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of opts.arrays ?? []) raw[name] = formData.getAll(name).filter((v) => v !== '');
  for (const [k, v] of formData.entries()) if (!(k in raw)) raw[k] = v;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    const key = (issue.message.startsWith('error.') ? issue.message : 'error.required') as MessageKey;
    errors[field] = issue.code === 'too_big' && issue.type === 'string' ? { key, params: { max: Number(issue.maximum) } } : { key };
  }
  return { ok: false, errors };
}

export const fieldError = (key: MessageKey, params?: FieldError['params']): FieldError => ({ key, params });

/** Required single-line text, trimmed, with a length cap that shows in the error. */
export const requiredText = (max: number) =>
  z
    .string({ required_error: 'error.required', invalid_type_error: 'error.required' })
    .trim()
    .min(1, 'error.required')
    .max(max, 'error.tooLong');

/**
 * The plain-language summary ("Lättläst sammanfattning") of an initiative or lesson: short on purpose,
 * a few plain sentences; the form says the limit beside the field.
 */
export const PLAIN_SUMMARY_MAX_LENGTH = 500;

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'error.tooLong')
    .optional()
    .transform((v) => v ?? '');

export const email = z
  .string({ required_error: 'error.required' })
  .trim()
  .toLowerCase()
  .min(1, 'error.required')
  .max(254, 'error.tooLong')
  .email('error.email.invalid');

export const newPassword = z
  .string({ required_error: 'error.required' })
  .min(PASSWORD_MIN, 'error.password.short')
  .max(PASSWORD_MAX, 'error.password.long');

export const currentPassword = z.string({ required_error: 'error.required' }).min(1, 'error.required').max(PASSWORD_MAX, 'error.password.long');

/** An optional ISO date (YYYY-MM-DD) that must exist in the calendar. */
export const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isCalendarDate(v), 'error.date.invalid');

function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const optionalUrl = z
  .string()
  .trim()
  .max(500, 'error.tooLong')
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v), 'error.url.invalid');

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'error.tooLong')
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || z.string().email().safeParse(v).success, 'error.email.invalid');

/** Whole kronor, optional; spaces and a trailing "kr" are forgiven. */
export const optionalAmount = z
  .string()
  .optional()
  .transform((v) => (v ?? '').replace(/\s|kr/gi, ''))
  .refine((v) => v === '' || /^\d{1,12}$/.test(v), 'error.number.invalid')
  .transform((v) => (v === '' ? null : Number(v)));
