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
