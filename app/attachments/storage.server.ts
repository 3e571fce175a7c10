/**
 * Attachment bytes on disk, and the headers they are served with.
 *
 * Files are named by random storage keys (`ab/ab…` — two hex characters of
 * fan-out, then 32 hex characters from crypto.randomUUID), never by anything
 * the user sent, and are written to a temporary file that is renamed into
 * place, so a reader never sees half a file. The user's (sanitised) filename
 * lives in the database and only reappears in Content-Disposition.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DetectedType } from './sniff.ts';

export interface SavedAttachment {
  storageKey: string;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  size: number;
}

export interface AttachmentStore {
  save(bytes: Uint8Array): Promise<SavedAttachment>;
  read(storageKey: string): Promise<Buffer>;
  stream(storageKey: string): NodeJS.ReadableStream;
  remove(storageKey: string): Promise<void>;
  /** The absolute path of a key; throws for anything that is not exactly a storage key. */
  pathOf(storageKey: string): string;
}

const KEY_PATTERN = /^([0-9a-f]{2})\/([0-9a-f]{32})$/;
const FILE_MODE = 0o640;
const DIR_MODE = 0o750;

export const isStorageKey = (key: unknown): key is string => {
  if (typeof key !== 'string') return false;
  const match = KEY_PATTERN.exec(key);
  return match !== null && match[2]!.startsWith(match[1]!);
};

const newStorageKey = () => {
  const id = randomUUID().replaceAll('-', '');
  return `${id.slice(0, 2)}/${id}`;
};

export function createAttachmentStore(rootDir: string): AttachmentStore {
  const root = path.resolve(rootDir);

  const pathOf = (storageKey: string): string => {
    if (!isStorageKey(storageKey)) throw new Error('Invalid attachment storage key');
    const full = path.join(root, ...storageKey.split('/'));
    // Belt and braces: the pattern already admits only hex and one slash.
    if (!full.startsWith(root + path.sep)) throw new Error('Invalid attachment storage key');
    return full;
  };

  return {
    pathOf,

    async save(bytes) {
      const storageKey = newStorageKey();
      const target = pathOf(storageKey);
      const dir = path.dirname(target);
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      // The temporary file lives in the same directory so the rename stays on one file system.
      const temp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        try {
          await handle.writeFile(bytes);
          await handle.chmod(FILE_MODE); // independent of the process umask
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { storageKey, sha256, size: bytes.byteLength };
    },

    // async, so a bad key rejects like any other read failure
    read: async (storageKey) => readFile(pathOf(storageKey)),

    stream: (storageKey) => createReadStream(pathOf(storageKey)),

    async remove(storageKey) {
      // Idempotent: removing what is already gone is not an error.
      await rm(pathOf(storageKey), { force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// Serving

/** RFC 5987 attr-char: everything else is percent-encoded. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Printable ASCII for the plain `filename=` parameter: å → a, ö → o; quotes,
 * backslashes, % and the parameter separators ; and = become _ (valid inside
 * quotes, but naive parsers split on them; the exact name is in filename*).
 */
const asciiFallback = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%;=]/g, '_')
    .trim();

const wellFormed = (value: string) =>
  value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/**
 * A Content-Disposition header (RFC 6266) with a quoted ASCII `filename` for
 * old clients and, when the name is not plain ASCII, `filename*=UTF-8''…`
 * (RFC 5987) that modern browsers prefer.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline'): string {
  const name = wellFormed(filename).replace(/[\p{Cc}]/gu, ' ').trim() || 'bilaga';
  const fallback = asciiFallback(name) || 'bilaga';
  const header = `${disposition}; filename="${fallback}"`;
  return fallback === name ? header : `${header}; filename*=UTF-8''${encodeRfc5987(name)}`;
}

const INLINE_KINDS: ReadonlySet<DetectedType['kind']> = new Set(['pdf', 'png', 'jpeg']);

/**
 * Headers for sending an attachment: its sniffed type (never what the uploader
 * claimed), no MIME sniffing, and a sandboxing CSP so that even a document
 * opened inline cannot run script in Samverka's origin.
 */
export function attachmentResponseHeaders(type: DetectedType, filename: string, size: number): Record<string, string> {
  return {
    'Content-Type': type.mediaType,
    'Content-Length': String(size),
    'Content-Disposition': contentDisposition(filename, INLINE_KINDS.has(type.kind) ? 'inline' : 'attachment'),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=0, must-revalidate',
  };
}
