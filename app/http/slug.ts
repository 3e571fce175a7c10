/** URL slug from a Swedish name: "Malmö stad" → "malmo-stad". */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'organisation'
  );
}

/** The first free slug for a name: "namn", "namn-2", … `isTaken` asks the database (or says a slug is reserved). */
export async function uniqueSlug<D>(db: D, name: string, isTaken: (db: D, slug: string) => Promise<boolean>): Promise<string> {
  const base = slugify(name);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (!(await isTaken(db, candidate))) return candidate;
  }
}

// Lower case letters and digits without the look-alikes l, o, 0, 1.
const SUFFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomSuffix(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

/**
 * Slug for content that can be hidden from others (drafts, partner-only or group-only
 * content, closed groups): the name plus a short random suffix, always. Slugs are
 * unique across all organisations, so "namn" vs "namn-2" would tell an author that
 * someone else's hidden item has the same title; a random suffix on every slug says nothing.
 */
export async function privateSlug<D>(db: D, name: string, isTaken: (db: D, slug: string) => Promise<boolean>): Promise<string> {
  const base = slugify(name);
  // 32⁵ suffixes per name: a second try is already rare.
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = `${base}-${randomSuffix(5)}`;
    if (!(await isTaken(db, candidate))) return candidate;
  }
  throw new Error(`no free slug for "${base}"`);
}
