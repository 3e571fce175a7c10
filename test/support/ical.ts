/**
 * Reads iCalendar text back the way a strict client would, for tests: every
 * line must end in CRLF and be at most 75 octets; folded lines are joined;
 * TEXT values are unescaped.
 */

export interface IcsProperty {
  name: string;
  params: string;
  value: string;
}

export interface ParsedIcs {
  /** Raw physical lines (without their CRLF). */
  physical: string[];
  /** Logical (unfolded) content lines. */
  lines: string[];
  calendar: Map<string, string>;
  events: Map<string, string>[];
}

export class IcsFormatError extends Error {}

export function parseIcs(text: string): ParsedIcs {
  if (!text.endsWith('\r\n')) throw new IcsFormatError('does not end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    if (line.includes('\n') || line.includes('\r')) throw new IcsFormatError(`bare line break in ${JSON.stringify(line)}`);
    if (Buffer.byteLength(line, 'utf8') > 75) throw new IcsFormatError(`line longer than 75 octets: ${JSON.stringify(line)}`);
    if (line.includes('\uFFFD')) throw new IcsFormatError('broken UTF-8');
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const calendar = new Map<string, string>();
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    const prop = parseProperty(line);
    if (prop.name === 'BEGIN' && prop.value === 'VEVENT') current = new Map();
    else if (prop.name === 'END' && prop.value === 'VEVENT') {
      events.push(current!);
      current = null;
    } else (current ?? calendar).set(prop.name, prop.value);
  }
  return { physical, lines, calendar, events };
}

export function parseProperty(line: string): IcsProperty {
  const colon = line.indexOf(':');
  const head = line.slice(0, colon);
  const semi = head.indexOf(';');
  return { name: semi === -1 ? head : head.slice(0, semi), params: semi === -1 ? '' : head.slice(semi + 1), value: line.slice(colon + 1) };
}

/** The inverse of RFC 5545 TEXT escaping. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
