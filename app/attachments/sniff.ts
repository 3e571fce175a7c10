/**
 * What an uploaded attachment really is, decided by its bytes and never by its
 * name or the browser's claimed Content-Type. Only the formats below are
 * accepted; everything else (HTML, SVG, scripts, executables, plain zips,
 * macro-enabled Office files, …) is refused.
 *
 * Pure and isomorphic: no Node APIs, so the same check can run in the browser
 * before an upload and on the server when it arrives.
 */

export type DetectedKind = 'pdf' | 'docx' | 'xlsx' | 'odt' | 'ods' | 'png' | 'jpeg';

export interface DetectedType {
  kind: DetectedKind;
  mediaType: string;
  /** Canonical extension without the dot. */
  extension: string;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const TYPES: Readonly<Record<DetectedKind, DetectedType>> = {
  pdf: { kind: 'pdf', mediaType: 'application/pdf', extension: 'pdf' },
  docx: { kind: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { kind: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  odt: { kind: 'odt', mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  ods: { kind: 'ods', mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  png: { kind: 'png', mediaType: 'image/png', extension: 'png' },
  jpeg: { kind: 'jpeg', mediaType: 'image/jpeg', extension: 'jpg' },
};
// Shared by every caller: nobody gets to change them.
for (const type of Object.values(TYPES)) Object.freeze(type);

/** Extensions a filename may carry, and the kind each one names (a Map: no prototype keys). */
const EXTENSION_KINDS = new Map<string, DetectedKind>([
  ['pdf', 'pdf'],
  ['docx', 'docx'],
  ['xlsx', 'xlsx'],
  ['odt', 'odt'],
  ['ods', 'ods'],
  ['png', 'png'],
  ['jpg', 'jpeg'],
  ['jpeg', 'jpeg'],
  ['jpe', 'jpeg'],
  ['jfif', 'jpeg'],
]);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];

export function detectFileType(bytes: Uint8Array): DetectedType | null {
  if (startsWith(bytes, PDF)) return TYPES.pdf;
  if (startsWith(bytes, PNG)) return TYPES.png;
  if (startsWith(bytes, JPEG)) return TYPES.jpeg;
  if (startsWith(bytes, ZIP_LOCAL)) {
    const kind = detectZipContainer(bytes);
    return kind ? TYPES[kind] : null;
  }
  return null;
}

// ---------------------------------------------------------------------------
// A minimal, bounds-checked zip reader: just enough of the central directory
// and local headers to tell OOXML and ODF packages apart. It never inflates.

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
/** Real documents have a few dozen to a few hundred entries; refuse absurd directories. */
const MAX_ENTRIES = 10_000;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function readCentralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  if (len < LOCAL_SIZE + EOCD_SIZE) return null;

  // The end-of-central-directory record sits in the last 22 + comment bytes.
  let eocd = -1;
  const lowest = Math.max(0, len - EOCD_SIZE - MAX_COMMENT);
  for (let i = len - EOCD_SIZE; i >= lowest; i--) {
    if (view.getUint32(i, true) === SIG_EOCD && i + EOCD_SIZE + view.getUint16(i + 20, true) === len) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;

  const diskNumber = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const entriesOnDisk = view.getUint16(eocd + 8, true);
  const entryCount = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  // Multi-disk archives and ZIP64 (0xFFFF / 0xFFFFFFFF markers) never occur in documents this small.
  if (diskNumber !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount) return null;
  if (entryCount === 0 || entryCount === 0xffff || entryCount > MAX_ENTRIES) return null;
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > eocd) return null;

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < entryCount; n++) {
    if (p + CENTRAL_SIZE > cdOffset + cdSize) return null;
    if (view.getUint32(p, true) !== SIG_CENTRAL) return null;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) return null;
    if (localHeaderOffset + LOCAL_SIZE > cdOffset) return null;
    const name = utf8.decode(bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength));
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p = next;
  }
  return entries;
}

/** The stored (uncompressed) data of an entry, located through its local header. */
function storedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  if (entry.method !== 0 || entry.compressedSize !== entry.uncompressedSize) return null;
  if ((entry.flags & 0x1) !== 0) return null; // encrypted
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + LOCAL_SIZE > bytes.length || view.getUint32(at, true) !== SIG_LOCAL) return null;
  if (view.getUint16(at + 8, true) !== 0) return null; // the local header must agree: stored
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const localName = utf8.decode(bytes.subarray(at + LOCAL_SIZE, at + LOCAL_SIZE + nameLength));
  if (localName !== entry.name) return null;
  const start = at + LOCAL_SIZE + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > bytes.length) return null;
  return bytes.subarray(start, end);
}

const ODF_MIMETYPES = new Map<string, DetectedKind>([
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
]);

function detectZipContainer(bytes: Uint8Array): DetectedKind | null {
  const entries = readCentralDirectory(bytes);
  if (!entries) return null;

  // ODF: the first entry of the file is `mimetype`, stored, holding the media type.
  const first = entries.reduce<ZipEntry | undefined>((a, e) => (!a || e.localHeaderOffset < a.localHeaderOffset ? e : a), undefined);
  if (first && first.name === 'mimetype' && first.localHeaderOffset === 0) {
    const data = storedData(bytes, first);
    if (!data || data.length > 100) return null;
    return ODF_MIMETYPES.get(utf8.decode(data)) ?? null;
  }

  // OOXML: part names are case-insensitive (OPC), so compare lower-cased.
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (!names.has('[content_types].xml')) return null;
  const isDocx = names.has('word/document.xml');
  const isXlsx = names.has('xl/workbook.xml');
  if (isDocx === isXlsx) return null; // neither, or an ambiguous mix
  // Macro-enabled packages (.docm/.xlsm) renamed to .docx/.xlsx are not what they claim.
  if (names.has('word/vbaproject.bin') || names.has('xl/vbaproject.bin')) return null;
  return isDocx ? 'docx' : 'xlsx';
}

// ---------------------------------------------------------------------------
// Upload validation

export type UploadValidation =
  | { ok: true; type: DetectedType; safeFilename: string }
  | { ok: false; reason: 'empty' | 'too-large' | 'unsupported-type' | 'name-mismatch' };

export function validateUpload(input: { filename: string; bytes: Uint8Array }): UploadValidation {
  const { filename, bytes } = input;
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too-large' };
  const type = detectFileType(bytes);
  if (!type) return { ok: false, reason: 'unsupported-type' };
  const named = claimedKind(cleanName(filename));
  if (named && named !== type.kind) return { ok: false, reason: 'name-mismatch' };
  return { ok: true, type, safeFilename: safeFilename(filename, type) };
}

const MAX_FILENAME_LENGTH = 120;
const FALLBACK_BASENAME = 'bilaga';

/**
 * A filename safe to store and to offer back in Content-Disposition: no
 * directories, control or invisible formatting characters, quotes or path
 * separators; whitespace collapsed; letters such as å, ä, ö kept; at most 120
 * characters (UTF-16 code units, never splitting a character); always ending
 * in the detected type's extension.
 */
export function safeFilename(filename: string, type: DetectedType): string {
  let name = cleanName(filename);
  // Drop the extension when it names the detected kind; any other one stays part of the name.
  if (claimedKind(name) === type.kind) name = trimDotsAndSpaces(name.slice(0, name.lastIndexOf('.')));

  const suffix = `.${type.extension}`;
  const room = MAX_FILENAME_LENGTH - suffix.length;
  if (name.length > room) {
    let cut = '';
    for (const ch of name) {
      if (cut.length + ch.length > room) break;
      cut += ch;
    }
    name = trimDotsAndSpaces(cut);
  }
  return `${name || FALLBACK_BASENAME}${suffix}`;
}

/** The supported kind a (cleaned) filename's extension names, if any. */
function claimedKind(name: string): DetectedKind | undefined {
  const match = /\.([^.]+)$/.exec(name);
  return match ? EXTENSION_KINDS.get(match[1]!.toLowerCase()) : undefined;
}

/** The user's filename without directories, control characters, quotes, separators or stray whitespace. */
function cleanName(filename: string): string {
  let name = filename
    .normalize('NFC')
    // lone surrogates cannot be encoded in a header later on
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  // Strip directories: keep what follows the last separator of any platform.
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ') // control characters, line/paragraph separators
    .replace(/[\p{Cf}\p{Co}]/gu, '') // invisible formatting (e.g. right-to-left override), private use
    .replace(/["'`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB]/g, '') // quotes
    .replace(/[<>:|?*]/g, '') // reserved on Windows
    .replace(/\s+/gu, ' ');
  return trimDotsAndSpaces(name);
}

/** No leading dots (hidden files, `..`) and no trailing dots or spaces (Windows drops them). */
const trimDotsAndSpaces = (s: string) => s.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
