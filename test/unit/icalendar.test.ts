import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, renderCalendar, type IcsEvent } from '#app/groups/icalendar.ts';
import { stockholmParts, stockholmToday, stockholmToUtc } from '#app/i18n/stockholm-time.ts';
import { formatTimeSpan } from '#app/i18n/format.ts';
import { parseIcs, unescapeText } from '#test/support/ical.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'c0ffee00-0000-4000-8000-000000000001@samverka.test',
  dtstamp: new Date('2026-02-01T10:00:00Z'),
  start: new Date('2026-03-03T12:00:00Z'),
  end: new Date('2026-03-03T14:00:00Z'),
  summary: 'Styrgruppsmöte',
  sequence: 0,
  cancelled: false,
  ...over,
});

describe('escapeText', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['back\\slash', 'back\\\\slash'],
    ['rad 1\nrad 2', 'rad 1\\nrad 2'],
    ['crlf\r\nnext', 'crlf\\nnext'],
    ['lone cr\rnext', 'lone cr\\nnext'],
    ['\\n is not a newline', '\\\\n is not a newline'],
    ['bell\u0007gone', 'bellgone'],
    ['tab\tkept', 'tab\tkept'],
  ])('%j → %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('round-trips through a strict reader', () => {
    const nasty = 'Plats: Rum 3; hus B, plan 2\\4\nTa med: kaffe, kakor';
    expect(unescapeText(escapeText(nasty))).toBe(nasty);
  });
});

describe('foldLine', () => {
  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('keeps every physical line within 75 octets, the leading space included', () => {
    const folded = foldLine(`DESCRIPTION:${'abcdefghij'.repeat(40)}`).split('\r\n');
    expect(folded.length).toBeGreaterThan(5);
    for (const line of folded) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`DESCRIPTION:${'abcdefghij'.repeat(40)}`);
  });

  it.each([
    ['two-byte å/ä/ö', 'åäö'],
    ['three-byte €', '€'],
    ['four-byte emoji', '🗓️😀'],
  ])('never splits a multi-byte character (%s)', (_label, chars) => {
    // Shift the text by 0..3 ASCII octets so each possible boundary position is hit.
    for (let shift = 0; shift < 4; shift++) {
      const line = `SUMMARY:${'x'.repeat(shift)}${chars.repeat(60)}`;
      const folded = foldLine(line).split('\r\n');
      for (const physical of folded) {
        expect(octets(physical)).toBeLessThanOrEqual(75);
        // A split inside a sequence would leave an unpaired surrogate or a replacement character after re-encoding.
        expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
        expect(physical).not.toMatch(LONE_SURROGATE);
      }
      expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
    }
  });
});

describe('formatUtc', () => {
  it('writes a UTC DATE-TIME with Z', () => {
    expect(formatUtc(new Date('2026-03-03T12:05:09.123Z'))).toBe('20260303T120509Z');
  });
});

describe('renderCalendar', () => {
  it('writes one VEVENT with every field, CRLF endings, and nothing but folded lines', () => {
    const text = renderCalendar({
      prodId: '-//Samverka//Arbetsgrupper//SV',
      name: 'Trygghet i Rosengård, Malmö',
      events: [
        event({
          summary: 'Möte: plan, budget; uppföljning',
          location: 'Rosengårds bibliotek, rum 2',
          url: 'https://meet.example.se/abc?x=1,2',
          description: `Dagordning\n1. Välkomna\n2. ${'Långt ärende med åäö '.repeat(10)}`,
          sequence: 3,
          created: new Date('2026-01-31T09:00:00Z'),
          lastModified: new Date('2026-02-01T10:00:00Z'),
        }),
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const ics = parseIcs(text);
    expect(ics.lines[0]).toBe('BEGIN:VCALENDAR');
    expect(ics.lines.at(-1)).toBe('END:VCALENDAR');
    expect(ics.calendar.get('VERSION')).toBe('2.0');
    expect(unescapeText(ics.calendar.get('X-WR-CALNAME')!)).toBe('Trygghet i Rosengård, Malmö');
    expect(ics.events).toHaveLength(1);
    const e = ics.events[0]!;
    expect(e.get('UID')).toBe('c0ffee00-0000-4000-8000-000000000001@samverka.test');
    expect(e.get('DTSTAMP')).toBe('20260201T100000Z');
    expect(e.get('DTSTART')).toBe('20260303T120000Z');
    expect(e.get('DTEND')).toBe('20260303T140000Z');
    expect(e.get('SUMMARY')).toBe('Möte: plan\\, budget\\; uppföljning');
    expect(unescapeText(e.get('LOCATION')!)).toBe('Rosengårds bibliotek, rum 2');
    expect(e.get('URL')).toBe('https://meet.example.se/abc?x=1,2');
    expect(unescapeText(e.get('DESCRIPTION')!)).toBe(`Dagordning\n1. Välkomna\n2. ${'Långt ärende med åäö '.repeat(10)}`);
    expect(e.get('SEQUENCE')).toBe('3');
    expect(e.get('STATUS')).toBe('CONFIRMED');
    expect(e.get('CREATED')).toBe('20260131T090000Z');
    expect(e.get('LAST-MODIFIED')).toBe('20260201T100000Z');
    expect(ics.physical.length).toBeGreaterThan(ics.lines.length);
  });

  it('marks a cancelled event and leaves out empty optional fields', () => {
    const ics = parseIcs(renderCalendar({ prodId: '-//t//t//SV', events: [event({ cancelled: true, location: null, url: null, description: '' })] }));
    const e = ics.events[0]!;
    expect(e.get('STATUS')).toBe('CANCELLED');
    expect(e.has('LOCATION')).toBe(false);
    expect(e.has('URL')).toBe(false);
    expect(e.has('DESCRIPTION')).toBe(false);
    expect(ics.calendar.has('X-WR-CALNAME')).toBe(false);
  });

  it('writes several events and an empty calendar', () => {
    expect(parseIcs(renderCalendar({ prodId: '-//t//t//SV', events: [event(), event({ uid: 'two@x' })] })).events.map((e) => e.get('UID'))).toEqual([
      'c0ffee00-0000-4000-8000-000000000001@samverka.test',
      'two@x',
    ]);
    expect(parseIcs(renderCalendar({ prodId: '-//t//t//SV', events: [] })).events).toEqual([]);
  });

  it('strips control characters from a URL rather than breaking the line', () => {
    const text = renderCalendar({ prodId: '-//t//t//SV', events: [event({ url: 'https://x.se/a\r\nEVIL:1' })] });
    expect(parseIcs(text).events[0]!.get('URL')).toBe('https://x.se/aEVIL:1');
    expect(text).not.toMatch(/^EVIL/m);
  });
});

describe('Stockholm local time', () => {
  it.each([
    // winter (CET, UTC+1)
    ['2026-01-15', '13:00', '2026-01-15T12:00:00.000Z'],
    // summer (CEST, UTC+2)
    ['2026-07-01', '09:30', '2026-07-01T07:30:00.000Z'],
    // the day summer time starts (29 March 2026, 02:00 → 03:00)
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    // the day it ends (25 October 2026, 03:00 → 02:00): the ambiguous hour takes its first (summer) occurrence
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['2026-10-24', '23:00', '2026-10-24T21:00:00.000Z'],
    // midnight and the day's last minute
    ['2026-12-31', '00:00', '2026-12-30T23:00:00.000Z'],
    ['2026-12-31', '23:59', '2026-12-31T22:59:00.000Z'],
  ])('%s %s is %s', (date, time, iso) => {
    const instant = stockholmToUtc(date, time);
    expect(instant?.toISOString()).toBe(iso);
    expect(stockholmParts(instant!)).toEqual({ date, time });
  });

  it.each([
    ['2026-03-29', '02:30'], // skipped by summer time
    ['2026-02-30', '10:00'],
    ['2026-13-01', '10:00'],
    ['2026-1-5', '10:00'],
    ['', '10:00'],
    ['2026-05-05', '24:00'],
    ['2026-05-05', '9:00'],
    ['2026-05-05', '10:60'],
    ['2026-05-05', ''],
  ])('rejects %j %j', (date, time) => {
    expect(stockholmToUtc(date, time)).toBeNull();
  });

  it('knows the Stockholm date near midnight UTC', () => {
    expect(stockholmToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(stockholmToday(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(stockholmToday(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('formats a meeting span in local time', () => {
    expect(formatTimeSpan('2026-07-01T07:30:00Z', '2026-07-01T09:00:00Z', 'sv')).toBe('onsdag 1 juli 2026, 09:30–11:00');
    expect(formatTimeSpan('2026-01-15T12:00:00Z', '2026-01-15T13:15:00Z', 'en')).toBe('Thursday, 15 January 2026, 13:00–14:15');
  });
});
