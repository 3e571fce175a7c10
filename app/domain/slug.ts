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
