/**
 * Opaque page cursors for the read API: the sort key of the last item on a
 * page, so the next page starts right after it however many items are added
 * or removed meanwhile (keyset pagination). Callers treat the cursor as an
 * opaque string; it names the listing it belongs to, so a cursor from one
 * listing is refused by another.
 */

export type CursorKey = (string | number)[];

/** base64url of `[listing, ...key]`. */
export function encodeCursor(listing: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([listing, ...key]), 'utf8').toString('base64url');
}

/**
 * The key a cursor holds, checked against the listing and the types its key
 * has (`'string'` or `'number'` per position); null for anything malformed.
 */
export function decodeCursor(raw: string, listing: string, types: readonly ('string' | 'number')[]): CursorKey | null {
  if (raw.length === 0 || raw.length > 512 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== types.length + 1 || parsed[0] !== listing) return null;
  const key = parsed.slice(1) as unknown[];
  const ok = key.every((v, i) => (types[i] === 'number' ? typeof v === 'number' && Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 200 && !v.includes('\u0000')));
  return ok ? (key as CursorKey) : null;
}
