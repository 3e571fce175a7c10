/**
 * The one home for request guards and action outcomes. Guards throw a
 * Response (Remix renders it through the error boundary with its status);
 * outcomes are what an action returns when the form needs saying again.
 */
import type { FieldErrors } from '../forms/validation.ts';

/** Throws a plain-text response with this status unless `condition` holds. */
export function invariantResponse(condition: unknown, message: string, status: number): asserts condition {
  if (!condition) throw errorResponse(message, status);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
};

export function errorResponse(message: string, status: number): Response {
  return new Response(message, { status, statusText: STATUS_TEXT[status] ?? '', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** 403: the policy module said no. */
export function forbidden(message = 'forbidden'): never {
  throw errorResponse(message, 403);
}

/** 404: no such thing, or nothing this reader may know exists. */
export function notFound(message = 'not found'): never {
  throw errorResponse(message, 404);
}

/** 400: a request no form of ours sends (an unknown intent, a malformed number or id). */
export function badRequest(message: string): never {
  throw errorResponse(message, 400);
}

/** Guard: a 403 unless the policy allows it. */
export function assertAllowed(allowed: boolean, message = 'forbidden'): asserts allowed {
  invariantResponse(allowed, message, 403);
}

/** What an action answers: success with its data, or field errors and the status to send them with. */
export type Outcome<T = object> = ({ ok: true } & T) | Invalid;
export type Invalid = { ok: false; status: number; errors: FieldErrors };

export const invalid = (errors: FieldErrors, status = 400): Invalid => ({ ok: false as const, status, errors });
