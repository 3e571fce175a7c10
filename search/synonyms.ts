/**
 * Synonyms the field uses: abbreviations of agencies, programmes and
 * statistics, and everyday words for the same thing. Each group is mutual:
 * searching any word in a group finds the others. Edit freely; a restart (or
 * a reindex) applies the change.
 */
export const SYNONYM_GROUPS: string[][] = [
  ['sfi', 'svenska för invandrare'],
  ['af', 'arbetsförmedlingen'],
  ['regso', 'regionala statistikområden'],
  ['deso', 'demografiska statistikområden'],
  ['scb', 'statistiska centralbyrån'],
  ['delmos', 'delegationen mot segregation'],
  ['sspf', 'skola socialtjänst polis fritid'],
  ['fk', 'försäkringskassan'],
  ['bvc', 'barnavårdscentral'],
  ['mvc', 'mödravårdscentral'],
  ['ekonomiskt bistånd', 'försörjningsstöd', 'socialbidrag'],
  ['trångboddhet', 'trångbodda', 'överbeläggning'],
  ['feriejobb', 'sommarjobb'],
  ['läxhjälp', 'läxläsning'],
  ['utanförskapsområde', 'utsatt område', 'socioekonomiskt utsatt område'],
  ['allmännyttan', 'allmännyttiga bostadsbolag', 'kommunala bostadsbolag'],
  ['nyanlända', 'nyinvandrade'],
  ['idéburen', 'ideell', 'civilsamhälle'],
  ['iop', 'idéburet offentligt partnerskap'],
];

/** Meilisearch's form: every word of a group maps to the rest. */
export function synonymsSetting(groups: string[][] = SYNONYM_GROUPS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) for (const word of group) out[word] = [...new Set([...(out[word] ?? []), ...group.filter((w) => w !== word)])];
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const matchers = SYNONYM_GROUPS.map((group) => ({
  group,
  patterns: group.map((word) => ({ word, re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu') })),
}));

/**
 * The synonyms a text deserves: for every group with a member in the text, the
 * group's other members. Stored in each document, because Meilisearch 1.21
 * does not apply its synonyms setting to attributes with a locale (Swedish
 * here) — checked against the real binary; see test/integration/search.test.ts.
 */
export function synonymsFor(text: string): string[] {
  const out = new Set<string>();
  for (const { patterns } of matchers) {
    const present = patterns.filter((p) => p.re.test(text)).map((p) => p.word);
    if (present.length) for (const { word } of patterns) if (!present.includes(word)) out.add(word);
  }
  return [...out];
}
