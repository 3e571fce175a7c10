/**
 * The one Tiptap extension list behind rich text: the editor in the browser,
 * the server's HTML rendering and the sanitizer's schema all use it, so what
 * can be written, stored and shown is the same set of nodes and marks.
 * Imports nothing browser- or server-only.
 */
import { type AnyExtension } from '@tiptap/core';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';

/** Link schemes a stored document may carry. Everything else is refused. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;
export const LINK_REL = 'noopener noreferrer nofollow';
export const MAX_HREF_LENGTH = 2048;

/**
 * True for an absolute http(s) or mailto link. The check is an allow-list on
 * the lower-cased, trimmed value; any control character or whitespace inside
 * the value (as in "java\tscript:", which browsers would read as javascript:)
 * refuses it outright, so no later normalisation can turn it into a script URL.
 */
export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== 'string') return false;
  const value = href.trim();
  if (value.length === 0 || value.length > MAX_HREF_LENGTH) return false;
  // Controls (C0, DEL, C1), any Unicode whitespace, zero-width and bidi marks.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F-\u009F\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/u.test(value)) return false;
  const lower = value.toLowerCase();
  if (lower.startsWith('https://') || lower.startsWith('http://')) return /^https?:\/\/[^/?#\\]/.test(lower);
  if (lower.startsWith('mailto:')) return lower.length > 'mailto:'.length;
  return false;
}

export const richTextExtensions: AnyExtension[] = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    // Code is for developers' tools; Samverka's texts are prose.
    code: false,
    codeBlock: false,
    link: {
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      protocols: ['http', 'https', 'mailto'],
      HTMLAttributes: { rel: LINK_REL, target: null, class: null },
      isAllowedUri: (url) => isSafeLinkHref(url),
      shouldAutoLink: (url) => isSafeLinkHref(url),
    },
  }),
  Table.configure({ resizable: false }),
  TableRow,
  TableHeader,
  TableCell,
];
