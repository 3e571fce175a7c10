/**
 * Rich text as plain text, and back — small, schema-free and isomorphic, so the
 * editor can fill its no-JavaScript textarea on both server and client, and
 * document.server.ts can reuse the same rules for search indexing and feeds.
 * Works on untrusted JSON: never throws, ignores what it does not understand.
 */

/** A document node as stored (Tiptap/ProseMirror JSON). */
export interface PlainDocNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: PlainDocNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const MAX_WALK_DEPTH = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const children = (node: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(node.content) ? node.content.filter(isRecord) : []);

/** Stored JSON may arrive as an object or as its JSON text; anything else is no document. */
export function coerceDoc(input: unknown): Record<string, unknown> | null {
  if (typeof input === 'string') {
    try {
      const parsed: unknown = JSON.parse(input);
      return isRecord(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return isRecord(input) ? input : null;
}

function inlineText(node: Record<string, unknown>, depth: number): string {
  if (depth > MAX_WALK_DEPTH) return '';
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  return children(node)
    .map((child) => inlineText(child, depth + 1))
    .join('');
}

const isTextblock = (node: Record<string, unknown>) => node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock';

/** Indents every line after the first, so a list item's later lines stay under it. */
const hang = (text: string, indent: string) => text.replace(/\n/g, `\n${indent}`);

function blockText(node: Record<string, unknown>, depth: number): string {
  if (depth > MAX_WALK_DEPTH) return '';
  const type = node.type;
  if (type === 'text' || type === 'hardBreak') return inlineText(node, depth);
  if (isTextblock(node)) return inlineText(node, depth);
  if (type === 'horizontalRule') return '';
  if (type === 'bulletList' || type === 'orderedList') {
    const attrStart = isRecord(node.attrs) ? node.attrs.start : undefined;
    const start = typeof attrStart === 'number' && Number.isInteger(attrStart) ? attrStart : 1;
    return children(node)
      .map((item, i) => {
        const marker = type === 'bulletList' ? '- ' : `${start + i}. `;
        return marker + hang(blocksText(item, depth + 1, '\n'), ' '.repeat(marker.length));
      })
      .join('\n');
  }
  if (type === 'table') {
    return children(node)
      .map((row) =>
        children(row)
          .map((cell) => blocksText(cell, depth + 2, ' ').replace(/\n/g, ' '))
          .join(' | '),
      )
      .join('\n');
  }
  // doc, blockquote, listItem, table cells and anything unknown: their blocks in order.
  return blocksText(node, depth, '\n\n');
}

function blocksText(node: Record<string, unknown>, depth: number, separator: string): string {
  const parts: string[] = [];
  let inline = '';
  for (const child of children(node)) {
    if (child.type === 'text' || child.type === 'hardBreak') {
      inline += inlineText(child, depth + 1);
      continue;
    }
    if (inline) parts.push(inline);
    inline = '';
    const text = blockText(child, depth + 1);
    if (text.trim() !== '') parts.push(text);
  }
  if (inline) parts.push(inline);
  return parts.join(separator);
}

/**
 * Plain text of a document: paragraphs and headings separated by a blank line,
 * hard breaks as newlines, list items on their own lines ("- ", "1. "), table
 * rows on lines with " | " between cells. Accepts the JSON object or its text.
 */
export function docToPlainText(doc: unknown): string {
  const root = coerceDoc(doc);
  if (!root) return '';
  try {
    return blockText(root, 0)
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } catch {
    return '';
  }
}

// Control characters other than tab and newline have no place in a text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * A document from plain text (the no-JavaScript fallback): paragraphs split on
 * blank lines, single newlines become hard breaks.
 */
export function textToDoc(text: string): { type: 'doc'; content: PlainDocNode[] } {
  const normalized = String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARS, '');
  const paragraphs = normalized
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
  if (paragraphs.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] };
  return {
    type: 'doc',
    content: paragraphs.map((p) => {
      const content: PlainDocNode[] = [];
      p.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line) content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}
