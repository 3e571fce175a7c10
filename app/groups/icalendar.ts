/**
 * A small iCalendar (RFC 5545) writer for group meetings: one VCALENDAR with
 * VEVENTs whose times are in UTC, so no VTIMEZONE is needed. Pure and without
 * dependencies; the rules it follows are the ones calendar apps are strict about:
 * TEXT escaping, lines folded at 75 octets without splitting a UTF-8
 * character, and CRLF line endings.
 */

export interface IcsEvent {
  /** Globally unique and stable across changes: `<meeting id>@<host>`. */
  uid: string;
  /** When this copy of the event was last revised. */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  /** A URI (the video link or the meeting's page); written unescaped, as URI values are. */
  url?: string | null;
  description?: string | null;
  /** Bumped on every change, so calendars replace their older copy. */
  sequence: number;
  cancelled: boolean;
  created?: Date;
  lastModified?: Date;
}

export interface IcsCalendar {
  prodId: string;
  /** Shown by calendar apps as the subscribed calendar's name (X-WR-CALNAME). */
  name?: string;
  /** How often subscribers should poll, as an RFC 5545 duration, e.g. "PT1H". */
  refreshInterval?: string;
  events: IcsEvent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

// Control characters other than tab are not allowed in TEXT values; newlines are escaped separately.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped; every line break becomes "\n". */
export function escapeText(value: string): string {
  return value
    .replace(FORBIDDEN_CONTROLS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A URI value may hold no control characters at all (it is not escaped). */
// eslint-disable-next-line no-control-regex
const cleanUri = (value: string) => value.replace(/[\u0000-\u001F\u007F]/g, '');

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is split, each
 * continuation starting with one space (which counts toward its 75). Splits
 * fall between code points, never inside a multi-byte UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > MAX_OCTETS) {
      pieces.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(CRLF);
}

/** A UTC DATE-TIME: 20260303T120000Z. */
export function formatUtc(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function eventLines(e: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${formatUtc(e.dtstamp)}`,
    `DTSTART:${formatUtc(e.start)}`,
    `DTEND:${formatUtc(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url) lines.push(`URL:${cleanUri(e.url)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  lines.push(`SEQUENCE:${e.sequence}`, `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
  if (e.created) lines.push(`CREATED:${formatUtc(e.created)}`);
  if (e.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(e.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar object as text: folded lines, each ending in CRLF. */
export function renderCalendar(cal: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${cal.prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (cal.name) lines.push(`X-WR-CALNAME:${escapeText(cal.name)}`);
  if (cal.refreshInterval) lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${cal.refreshInterval}`, `X-PUBLISHED-TTL:${cal.refreshInterval}`);
  for (const event of cal.events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  return lines.map((line) => foldLine(line) + CRLF).join('');
}
