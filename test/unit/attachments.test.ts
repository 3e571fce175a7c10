import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFileType, MAX_ATTACHMENT_BYTES, validateUpload, type DetectedType } from '#app/attachments/sniff.ts';
import { attachmentResponseHeaders, contentDisposition, createAttachmentStore, type AttachmentStore } from '#app/attachments/storage.server.ts';

// ---------------------------------------------------------------------------
// Real, minimal files built here: no fixtures on disk.

const text = (s: string) => new TextEncoder().encode(s);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (data: Uint8Array) => {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

interface ZipInput {
  name: string;
  data: string | Uint8Array;
  /** Stored unless told otherwise; deflate uses real raw DEFLATE. */
  method?: 'store' | 'deflate';
}

/** A standards-following zip writer: local headers, data, central directory, end record. */
function zip(entries: ZipInput[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = (12 << 11) | (30 << 5); // 12:30:00
  const DOS_DATE = ((2024 - 1980) << 9) | (5 << 5) | 17; // 2024-05-17
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? text(entry.data) : entry.data;
    const deflate = entry.method === 'deflate';
    const body = deflate ? deflateRawSync(raw) : Buffer.from(raw);
    const crc = crc32(raw);
    const method = deflate ? 8 : 0;
    const flags = 0x0800; // names are UTF-8

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const rels = (type: string, target: string) =>
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${type}" Target="${target}"/></Relationships>`;
const OFFICE_DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

const docxEntries = (): ZipInput[] => [
  {
    name: '[Content_Types].xml',
    method: 'deflate',
    data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  },
  { name: '_rels/.rels', method: 'deflate', data: rels(OFFICE_DOC, 'word/document.xml') },
  {
    name: 'word/document.xml',
    method: 'deflate',
    data: `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Utvärdering av läxhjälpen i Järva</w:t></w:r></w:p></w:body></w:document>`,
  },
];
const docx = () => zip(docxEntries());

const xlsx = () =>
  zip([
    {
      name: '[Content_Types].xml',
      method: 'deflate',
      data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', method: 'deflate', data: rels(OFFICE_DOC, 'xl/workbook.xml') },
    {
      name: 'xl/workbook.xml',
      method: 'deflate',
      data: `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Indikatorer" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      method: 'deflate',
      data: rels('http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet', 'worksheets/sheet1.xml'),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      method: 'deflate',
      data: `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData></worksheet>`,
    },
  ]);

const ODT_MIME = 'application/vnd.oasis.opendocument.text';
const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const odfEntries = (mimetype: string, body: string): ZipInput[] => [
  { name: 'mimetype', data: mimetype },
  {
    name: 'META-INF/manifest.xml',
    method: 'deflate',
    data: `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
  },
  {
    name: 'content.xml',
    method: 'deflate',
    data: `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"><office:body>${body}</office:body></office:document-content>`,
  },
];
const odt = () => zip(odfEntries(ODT_MIME, '<office:text/>'));
const ods = () => zip(odfEntries(ODS_MIME, '<office:spreadsheet/>'));

/** A tiny but valid PDF 1.4: catalog, page tree, one empty A4 page, correct xref offsets. */
function pdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A real 1×1 RGBA PNG (IHDR, IDAT, IEND with valid CRCs). */
const PNG_1X1 = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xd0, 0xab, 0x35, 0xfa,
  0x0f, 0x00, 0x03, 0x97, 0x01, 0xdd, 0x13, 0xb8, 0x4b, 0x37, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

/** The start of a JFIF JPEG: SOI, APP0 "JFIF" segment. */
const JPEG_HEADER = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);

const HTML = text('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);

const kindOf = (bytes: Uint8Array) => detectFileType(bytes)?.kind ?? null;

// ---------------------------------------------------------------------------

describe('detectFileType', () => {
  it.each([
    ['pdf', pdf, 'application/pdf', 'pdf'],
    ['png', () => PNG_1X1, 'image/png', 'png'],
    ['jpeg', () => JPEG_HEADER, 'image/jpeg', 'jpg'],
    ['docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['odt', odt, 'application/vnd.oasis.opendocument.text', 'odt'],
    ['ods', ods, 'application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ] as const)('recognises a real %s by its content', (kind, build, mediaType, extension) => {
    expect(detectFileType(build())).toEqual({ kind, mediaType, extension });
  });

  it('accepts a Buffer or a view into a larger buffer', () => {
    const bytes = docx();
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 8);
    expect(kindOf(padded.subarray(8, 8 + bytes.length))).toBe('docx');
    expect(kindOf(Buffer.from(odt()))).toBe('odt');
  });

  it.each([
    ['empty', new Uint8Array()],
    ['HTML', HTML],
    ['SVG', SVG],
    ['SVG after whitespace', text(`  \n${new TextDecoder().decode(SVG)}`)],
    ['a Windows executable (MZ)', EXE],
    ['an ELF binary', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00])],
    ['a shell script', text('#!/bin/sh\nrm -rf /\n')],
    ['a legacy OLE .doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
    ['a PDF signature not at the start', text(`<html>%PDF-1.4</html>`)],
    ['a truncated PNG signature', PNG_1X1.subarray(0, 7)],
    ['a lone zip signature', new Uint8Array([0x50, 0x4b, 0x03, 0x04])],
  ])('refuses %s', (_, bytes) => {
    expect(detectFileType(bytes)).toBeNull();
  });

  describe('zip containers', () => {
    it('refuses a plain zip', () => {
      expect(kindOf(zip([{ name: 'readme.txt', data: 'hej' }, { name: 'bild.png', data: PNG_1X1 }]))).toBeNull();
    });

    it('refuses an OOXML-looking zip without [Content_Types].xml', () => {
      expect(kindOf(zip(docxEntries().filter((e) => e.name !== '[Content_Types].xml')))).toBeNull();
    });

    it('refuses a zip with only [Content_Types].xml', () => {
      expect(kindOf(zip(docxEntries().filter((e) => e.name === '[Content_Types].xml')))).toBeNull();
    });

    it('refuses a package that claims to be both a document and a workbook', () => {
      expect(kindOf(zip([...docxEntries(), { name: 'xl/workbook.xml', data: '<workbook/>' }]))).toBeNull();
    });

    it('refuses a macro-enabled document (.docm) dressed up as .docx', () => {
      const docm = zip([...docxEntries(), { name: 'word/vbaProject.bin', data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) }]);
      expect(kindOf(docm)).toBeNull();
      expect(validateUpload({ filename: 'rapport.docx', bytes: docm })).toEqual({ ok: false, reason: 'unsupported-type' });
    });

    it('refuses ODF whose mimetype entry is compressed, not first, or another type', () => {
      const [mimetype, ...rest] = odfEntries(ODT_MIME, '<office:text/>');
      expect(kindOf(zip([{ ...mimetype!, method: 'deflate' }, ...rest]))).toBeNull();
      expect(kindOf(zip([...rest, mimetype!]))).toBeNull();
      expect(kindOf(zip(odfEntries('application/epub+zip', '')))).toBeNull();
      expect(kindOf(zip(odfEntries(`${ODT_MIME}\n`, '')))).toBeNull();
      expect(kindOf(zip(odfEntries('constructor', '')))).toBeNull();
    });

    it('refuses truncated or corrupted archives', () => {
      const bytes = docx();
      expect(kindOf(bytes.subarray(0, bytes.length - 1))).toBeNull();
      expect(kindOf(bytes.subarray(0, bytes.length - 40))).toBeNull();
      const corrupted = bytes.slice();
      const view = new DataView(corrupted.buffer);
      view.setUint32(corrupted.length - 6, 0xfffffff0, true); // central directory offset past the end
      expect(kindOf(corrupted)).toBeNull();
    });

    it('refuses a zip glued behind another file', () => {
      expect(kindOf(new Uint8Array([...EXE, ...docx()]))).toBeNull();
    });
  });
});

describe('validateUpload', () => {
  it('accepts each supported type under its own name', () => {
    const cases: [string, Uint8Array, DetectedType['kind'], string][] = [
      ['Utvärdering.pdf', pdf(), 'pdf', 'Utvärdering.pdf'],
      ['karta.png', PNG_1X1, 'png', 'karta.png'],
      ['foto.JPEG', JPEG_HEADER, 'jpeg', 'foto.jpg'],
      ['foto.jpg', JPEG_HEADER, 'jpeg', 'foto.jpg'],
      ['Rapport.docx', docx(), 'docx', 'Rapport.docx'],
      ['Indikatorer.xlsx', xlsx(), 'xlsx', 'Indikatorer.xlsx'],
      ['Protokoll.odt', odt(), 'odt', 'Protokoll.odt'],
      ['Budget.ods', ods(), 'ods', 'Budget.ods'],
    ];
    for (const [filename, bytes, kind, safeFilename] of cases) {
      const result = validateUpload({ filename, bytes });
      expect(result, filename).toMatchObject({ ok: true, type: { kind }, safeFilename });
    }
  });

  it('refuses an empty file', () => {
    expect(validateUpload({ filename: 'tom.pdf', bytes: new Uint8Array() })).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses anything over 20 MiB and accepts exactly 20 MiB', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(20 * 1024 * 1024);
    const tooLarge = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    tooLarge.set(pdf());
    expect(validateUpload({ filename: 'stor.pdf', bytes: tooLarge })).toEqual({ ok: false, reason: 'too-large' });
    expect(validateUpload({ filename: 'stor.pdf', bytes: tooLarge.subarray(0, MAX_ATTACHMENT_BYTES) })).toMatchObject({ ok: true });
  });

  it.each([
    ['an HTML page named x.docx', 'x.docx', HTML],
    ['an HTML page named rapport.pdf', 'rapport.pdf', HTML],
    ['an SVG named karta.png', 'karta.png', SVG],
    ['an SVG named karta.svg', 'karta.svg', SVG],
    ['an executable named setup.exe', 'setup.exe', EXE],
    ['an executable named rapport.pdf', 'rapport.pdf', EXE],
    ['a plain zip named arkiv.docx', 'arkiv.docx', zip([{ name: 'a.txt', data: 'a' }])],
  ])('refuses %s as unsupported-type', (_, filename, bytes) => {
    expect(validateUpload({ filename, bytes })).toEqual({ ok: false, reason: 'unsupported-type' });
  });

  it.each([
    ['a PNG named report.pdf', 'report.pdf', PNG_1X1],
    ['a PDF named bild.jpg', 'bild.jpg', pdf()],
    ['an XLSX named budget.docx', 'budget.docx', xlsx()],
    ['a DOCX named text.odt', 'text.odt', docx()],
    ['an ODS named tabell.XLSX', 'tabell.XLSX', ods()],
    ['a PNG named report.pdf with a trailing dot', 'report.pdf.', PNG_1X1],
    ['a PNG named report.pdf behind an invisible character', 'report.pdf\u200b', PNG_1X1],
  ])('refuses %s as name-mismatch', (_, filename, bytes) => {
    expect(validateUpload({ filename, bytes })).toEqual({ ok: false, reason: 'name-mismatch' });
  });

  it('gives a file with a missing or unknown extension the detected one', () => {
    expect(validateUpload({ filename: 'rapport', bytes: pdf() })).toMatchObject({ ok: true, safeFilename: 'rapport.pdf' });
    expect(validateUpload({ filename: 'skanning.txt', bytes: pdf() })).toMatchObject({ ok: true, safeFilename: 'skanning.txt.pdf' });
    expect(validateUpload({ filename: 'blob', bytes: xlsx() })).toMatchObject({ ok: true, safeFilename: 'blob.xlsx' });
    expect(validateUpload({ filename: 'constructor.constructor', bytes: PNG_1X1 })).toMatchObject({
      ok: true,
      safeFilename: 'constructor.constructor.png',
    });
  });
});

describe('safeFilename (through validateUpload)', () => {
  const safe = (filename: string, bytes: Uint8Array = pdf()) => {
    const result = validateUpload({ filename, bytes });
    if (!result.ok) throw new Error(`expected ${JSON.stringify(filename)} to be accepted, got ${result.reason}`);
    return result.safeFilename;
  };

  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\system32\\evil.pdf', 'evil.pdf'],
    ['C:\\Users\\anna\\Skrivbord\\rapport.pdf', 'rapport.pdf'],
    ['/var/www/.htaccess', 'htaccess.pdf'],
    ['Rapport – Rosengård 2024.PDF', 'Rapport – Rosengård 2024.pdf'],
    ['Årsrapport Östra Hökarängen ÄLVSJÖ.pdf', 'Årsrapport Östra Hökarängen ÄLVSJÖ.pdf'],
    ['Rosenga\u030Ard.pdf', 'Rosengård.pdf'],
    ['"Slutrapport" \'final\'.pdf', 'Slutrapport final.pdf'],
    ['“Citat” «och» ‘så’ `vidare`.pdf', 'Citat och så vidare.pdf'],
    ['rad ett\nrad två\r\n.pdf', 'rad ett rad två.pdf'],
    ['evil"\r\nSet-Cookie: x=1.pdf', 'evil Set-Cookie x=1.pdf'],
    ['  många     mellan\t\trum   .pdf', 'många mellan rum.pdf'],
    ['nul\u0000byte.pdf', 'nul byte.pdf'],
    ['rtl\u202Efdp.exe', 'rtlfdp.exe.pdf'],
    ['...', 'bilaga.pdf'],
    ['', 'bilaga.pdf'],
    ['a/b/', 'bilaga.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safe(input)).toBe(expected);
  });

  it('keeps at most 120 characters, ends in the detected extension and never splits a character', () => {
    const long = safe(`${'Utvärdering '.repeat(30)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(long).not.toMatch(/ \.pdf$/);

    const emoji = safe(`${'😀'.repeat(100)}.png`, PNG_1X1);
    expect(emoji.length).toBeLessThanOrEqual(120);
    expect(emoji).toMatch(/^(😀)+\.png$/u);
  });

  it('never contains separators, control characters or quotes', () => {
    const name = safe('a/b\\c\u0007d"e\'f`g\u2028h.pdf');
    expect(name).toBe('c defg h.pdf');
    expect(name).not.toMatch(/[/\\"'`\p{Cc}]/u);
  });
});

describe('attachment store', () => {
  let root: string;
  let store: AttachmentStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'samverka-attachments-'));
    store = createAttachmentStore(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('saves and reads back the same bytes under a random fanned-out key', async () => {
    const bytes = docx();
    const saved = await store.save(bytes);

    expect(saved.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
    expect(saved.storageKey.slice(3, 5)).toBe(saved.storageKey.slice(0, 2));
    expect(saved.size).toBe(bytes.length);
    expect(saved.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const read = await store.read(saved.storageKey);
    expect(Buffer.compare(read, Buffer.from(bytes))).toBe(0);
    expect(store.pathOf(saved.storageKey)).toBe(path.join(root, ...saved.storageKey.split('/')));

    const chunks: Buffer[] = [];
    for await (const chunk of store.stream(saved.storageKey)) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it('writes owner/group-readable files and leaves no temporary files behind', async () => {
    const saved = await store.save(PNG_1X1);
    const file = store.pathOf(saved.storageKey);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o640);
    const siblings = await readdir(path.dirname(file));
    expect(siblings.filter((f) => f.endsWith('.tmp') || f.startsWith('.'))).toEqual([]);
  });

  it('gives identical content different keys', async () => {
    const a = await store.save(pdf());
    const b = await store.save(pdf());
    expect(a.storageKey).not.toBe(b.storageKey);
    expect(a.sha256).toBe(b.sha256);
  });

  it('removes files, and removing twice is fine', async () => {
    const saved = await store.save(text('%PDF-1.7 x'));
    await store.remove(saved.storageKey);
    await expect(store.read(saved.storageKey)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.remove(saved.storageKey)).resolves.toBeUndefined();
  });

  it.each([
    '../x',
    'ab/../../x',
    '/etc/passwd',
    path.join(tmpdir(), 'ab', 'ab'.padEnd(32, '0')),
    '/ab/ab000000000000000000000000000000',
    'ab/ab000000000000000000000000000000/../../../etc/passwd',
    'ab\\ab000000000000000000000000000000',
    'AB/AB000000000000000000000000000000',
    'cd/ab000000000000000000000000000000',
    'ab/ab00000000000000000000000000000',
    'ab/ab000000000000000000000000000000\n',
    'ab/ab000000000000000000000000000000.pdf',
    'ab/ab0000000-0000-0000-0000-000000000',
    '',
  ])('pathOf refuses %j', (key) => {
    expect(() => store.pathOf(key)).toThrow(/storage key/);
  });

  it('refuses bad keys in read, stream and remove too', async () => {
    await expect(store.read('../../etc/passwd')).rejects.toThrow(/storage key/);
    await expect(store.remove('../x')).rejects.toThrow(/storage key/);
    expect(() => store.stream('ab/../../x')).toThrow(/storage key/);
  });
});

describe('serving headers', () => {
  it('encodes Swedish letters per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('Utvärdering Järva.pdf', 'inline')).toBe(
      `inline; filename="Utvardering Jarva.pdf"; filename*=UTF-8''Utv%C3%A4rdering%20J%C3%A4rva.pdf`,
    );
    expect(contentDisposition('Rosengård ÖSTRA.pdf', 'attachment')).toBe(
      `attachment; filename="Rosengard OSTRA.pdf"; filename*=UTF-8''Roseng%C3%A5rd%20%C3%96STRA.pdf`,
    );
  });

  it('leaves plain ASCII names alone', () => {
    expect(contentDisposition('report-2024.pdf', 'attachment')).toBe('attachment; filename="report-2024.pdf"');
  });

  it('cannot be broken out of, whatever the name', () => {
    const header = contentDisposition('a"b\\c%22\r\nSet-Cookie: x=1\';(*).pdf', 'attachment');
    expect(header).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(header)?.[1];
    expect(fallback).toBe('a_b_c_22  Set-Cookie: x_1\'_(*).pdf');
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1] ?? '';
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(encoded)).toBe('a"b\\c%22  Set-Cookie: x=1\';(*).pdf');
    expect(() => contentDisposition('trasig \ud800.pdf', 'inline')).not.toThrow();
  });

  it('serves PDFs and images inline and office files as downloads, locked down', () => {
    const pdfType = detectFileType(pdf())!;
    expect(attachmentResponseHeaders(pdfType, 'Utvärdering Järva.pdf', 1234)).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Length': '1234',
      'Content-Disposition': `inline; filename="Utvardering Jarva.pdf"; filename*=UTF-8''Utv%C3%A4rdering%20J%C3%A4rva.pdf`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=0, must-revalidate',
    });
    expect(attachmentResponseHeaders(detectFileType(PNG_1X1)!, 'karta.png', 70)['Content-Disposition']).toMatch(/^inline;/);
    expect(attachmentResponseHeaders(detectFileType(JPEG_HEADER)!, 'foto.jpg', 22)['Content-Disposition']).toMatch(/^inline;/);
    for (const bytes of [docx(), xlsx(), odt(), ods()]) {
      const type = detectFileType(bytes)!;
      const headers = attachmentResponseHeaders(type, `fil.${type.extension}`, bytes.length);
      expect(headers['Content-Disposition']).toBe(`attachment; filename="fil.${type.extension}"`);
      expect(headers['Content-Type']).toBe(type.mediaType);
    }
  });
});
