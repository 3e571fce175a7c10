/**
 * @mentions in group threads: "@" followed by a current member's full name
 * ("@Anna Lindqvist"). Matching is case-insensitive, the longest name wins
 * ("@Anna Lindqvist Berg" over "@Anna Lindqvist"), and a name must end at a
 * word boundary. Names are user input: they are only ever matched as escaped
 * literal text, never interpreted. Pure and isomorphic, so the same rule
 * finds whom to notify and what to highlight.
 */

export interface Mentionable {
  userId: string;
  name: string;
}

export interface MentionMatch {
  /** Where the "@" is, in UTF-16 units of the searched text. */
  start: number;
  /** Just after the name. */
  end: number;
  userIds: string[];
}

/** Whitespace inside a name: one or more spaces in the text match one in the name (no line breaks). */
const INNER_SPACE = '[ \\t\\u00A0]+';

/** Regex syntax characters only: the pattern runs in Unicode mode, where escaping anything else is an error. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The comparable form of a name: composed Unicode, single spaces, lower case. */
export const normalizeName = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export interface MentionMatcher {
  /**
   * Every mention in the text, left to right, not overlapping. Positions are
   * in `text` as given: pass text in NFC form (`text.normalize('NFC')`), as names are.
   */
  find(text: string): MentionMatch[];
}

/**
 * Builds a matcher for these members. Members with the same name are all
 * mentioned by it (the writer cannot tell them apart either).
 */
export function mentionMatcher(members: readonly Mentionable[]): MentionMatcher {
  const byName = new Map<string, { name: string; userIds: string[] }>();
  for (const m of members) {
    const name = m.name.normalize('NFC').trim().replace(/\s+/g, ' ');
    // A name needs at least one letter or digit to be mentionable.
    if (!/[\p{L}\p{N}]/u.test(name)) continue;
    const key = normalizeName(name);
    const entry = byName.get(key) ?? { name, userIds: [] };
    entry.userIds.push(m.userId);
    byName.set(key, entry);
  }
  if (byName.size === 0) return { find: () => [] };
  // Longest first: the alternation then takes the longest name that fits at a position.
  const entries = [...byName.values()].sort((a, b) => b.name.length - a.name.length);
  // One capture group per name, so a match says whose name it was without comparing case again.
  const alternatives = entries.map((e) => `(${e.name.split(' ').map(escapeRegExp).join(INNER_SPACE)})`);
  // "@" not glued to a preceding word (e-mail addresses), name ending where a word ends.
  const source = `(?<![\\p{L}\\p{N}_@.])@(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`;
  return {
    find(text: string) {
      const found: MentionMatch[] = [];
      for (const m of text.matchAll(new RegExp(source, 'giu'))) {
        const which = m.findIndex((group, i) => i > 0 && group !== undefined);
        const entry = entries[which - 1];
        if (entry) found.push({ start: m.index, end: m.index + m[0].length, userIds: entry.userIds });
      }
      return found;
    },
  };
}

/** The members mentioned in a text (each once). */
export function findMentionedUserIds(text: string, members: readonly Mentionable[]): string[] {
  return [...new Set(mentionMatcher(members).find(text.normalize('NFC')).flatMap((m) => m.userIds))];
}
