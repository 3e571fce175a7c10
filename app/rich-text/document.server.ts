/**
 * Rich text on the server: every document that comes in is rebuilt from the
 * schema of the shared extension list before it is stored or shown, then
 * rendered to HTML (for pages and mail) or to plain text (for search and feeds).
 *
 * The sanitizer does not trust the shape it is given. It measures nesting and
 * size before walking anything, keeps only nodes, marks and attributes the
 * schema knows (with their values checked), drops links that are not
 * http(s)/mailto, fits children into what each node may contain (wrapping
 * stray text into paragraphs, filling required nodes) and has ProseMirror
 * check the result. None of the exported functions throws.
 */
import { getSchema, type JSONContent } from '@tiptap/core';
import { DOMSerializer, Fragment, Mark, type MarkType, type Node as PMNode, type NodeType, type Schema } from '@tiptap/pm/model';
import { Window } from 'happy-dom';
import { LINK_REL, isSafeLinkHref, richTextExtensions } from './extensions.ts';
import { docToPlainText, textToDoc } from './plain-text.ts';

export type RichTextDoc = { type: 'doc'; content?: JSONContent[] };

export type SanitizeFailure = 'invalid' | 'too-large' | 'too-deep';
export type SanitizeResult = { ok: true; doc: RichTextDoc } | { ok: false; reason: SanitizeFailure };

export const RICH_TEXT_MAX_BYTES = 200_000;
export const RICH_TEXT_MAX_DEPTH = 40;

export const EMPTY_RICH_TEXT: RichTextDoc = Object.freeze({ type: 'doc', content: [{ type: 'paragraph' }] }) as RichTextDoc;

/** Built once: the schema every document is checked against, and its HTML serializer. */
const schema: Schema = getSchema(richTextExtensions);
const serializer = DOMSerializer.fromSchema(schema);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** Unknown node types whose content is dropped with them rather than kept as text. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'template', 'noscript', 'head', 'meta', 'link', 'base', 'form', 'input', 'button', 'select', 'textarea', 'image', 'img', 'video', 'audio', 'source']);

// ---------------------------------------------------------------------------
// Size and depth, measured without recursion

type Measure = 'ok' | 'too-deep' | 'too-large';

/**
 * Walks the JSON iteratively. Node depth counts `content` arrays (doc = 0,
 * its blocks = 1, ...); raw JSON nesting is bounded too, so deeply nested
 * attributes cannot overflow a later recursive step. Counting visited values
 * also stops shared or cyclic object graphs (possible for object input).
 */
function measure(input: unknown, maxDepth: number, maxValues: number): Measure {
  const jsonLimit = maxDepth * 2 + 8;
  const stack: [unknown, number, number][] = [[input, 0, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [value, jsonDepth, nodeDepth] = stack.pop()!;
    if (++visited > maxValues) return 'too-large';
    if (typeof value !== 'object' || value === null) continue;
    if (jsonDepth > jsonLimit || nodeDepth > maxDepth) return 'too-deep';
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, jsonDepth + 1, nodeDepth]);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      stack.push([item, jsonDepth + 1, key === 'content' && Array.isArray(item) ? nodeDepth + 1 : nodeDepth]);
    }
  }
  return 'ok';
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

// ---------------------------------------------------------------------------
// Attributes: only those the schema knows, each value checked

const DROP = Symbol('drop');
type AttrRule = (value: unknown) => unknown;

const isIntIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const shortString = (max: number) => (v: unknown) => (typeof v === 'string' && v.length <= max && !ANY_CONTROL.test(v) ? v : null);

const cellRules: Record<string, AttrRule> = {
  colspan: (v) => (isIntIn(v, 1, 100) ? v : 1),
  rowspan: (v) => (isIntIn(v, 1, 100) ? v : 1),
  colwidth: (v) => (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((w) => isIntIn(w, 1, 10_000)) ? [...(v as number[])] : null),
  align: (v) => (v === 'left' || v === 'center' || v === 'right' ? v : null),
};

const ATTR_RULES: Record<string, Record<string, AttrRule>> = {
  heading: { level: (v) => (v === 2 || v === 3 || v === 4 ? v : 2) },
  orderedList: {
    start: (v) => (isIntIn(v, 0, 1_000_000) ? v : 1),
    type: (v) => (v === '1' || v === 'a' || v === 'A' || v === 'i' || v === 'I' ? v : null),
  },
  tableCell: cellRules,
  tableHeader: cellRules,
  link: {
    // Quotes and angle brackets percent-encoded, as a URL parser would: the
    // attribute is escaped anyway, but no consumer of the HTML should ever see them raw.
    href: (v) => (isSafeLinkHref(v) ? v.trim().replace(/["<>`]/g, (c) => encodeURIComponent(c)) : DROP),
    title: shortString(300),
    rel: () => LINK_REL,
    target: () => null,
    class: () => null,
  },
};

/** Attributes a future extension might add: plain, short, primitive values only. */
function genericAttr(v: unknown): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return v.length <= 500 && !ANY_CONTROL.test(v) ? v : undefined;
  return undefined;
}

/** Clean attributes for a node or mark type; null when the whole node/mark must go. */
function cleanAttrs(type: NodeType | MarkType, raw: unknown): Record<string, unknown> | null {
  const input = isRecord(raw) ? raw : {};
  const rules = ATTR_RULES[type.name];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(type.spec.attrs ?? {})) {
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    const rule = rules?.[key];
    const clean = rule ? rule(value) : genericAttr(value);
    if (clean === DROP) return null;
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rebuilding the tree

function buildMarks(raw: unknown): readonly Mark[] {
  if (!Array.isArray(raw)) return Mark.none;
  let set: readonly Mark[] = Mark.none;
  for (const item of raw.slice(0, 20)) {
    if (!isRecord(item) || typeof item.type !== 'string' || !Object.hasOwn(schema.marks, item.type)) continue;
    const markType = schema.marks[item.type]!;
    const attrs = cleanAttrs(markType, item.attrs);
    if (!attrs) continue;
    set = markType.create(attrs).addToSet(set);
  }
  return set;
}

function buildChildren(raw: unknown): PMNode[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((child) => buildNodes(child));
}

/** Zero or more nodes for one JSON node: unknown wrappers give way to their children. */
function buildNodes(json: unknown): PMNode[] {
  if (!isRecord(json) || typeof json.type !== 'string') return [];
  const name = json.type;
  if (name === 'text') {
    if (typeof json.text !== 'string') return [];
    const text = json.text.replace(CONTROL_CHARS, '');
    return text ? [schema.text(text, buildMarks(json.marks))] : [];
  }
  const type = Object.hasOwn(schema.nodes, name) ? schema.nodes[name] : undefined;
  if (!type || type === schema.topNodeType) {
    return DROP_WITH_CONTENT.has(name.toLowerCase()) ? [] : buildChildren(json.content);
  }
  const attrs = cleanAttrs(type, json.attrs);
  if (!attrs) return buildChildren(json.content);
  if (type.isLeaf) return [type.create(attrs)];
  let content = buildChildren(json.content);
  // A row without cells (or a table without such rows) shows nothing but lines.
  if (type.spec.tableRole === 'row' && content.length === 0) return [];
  if (type.spec.tableRole === 'table') {
    content = content.filter((row) => row.type.spec.tableRole !== 'row' || row.childCount > 0);
    if (content.length === 0) return [];
  }
  const node = fit(type, attrs, content);
  return node ? [node] : [];
}

/** Wraps nodes (all of one kind: inline run or a single block) in the types ProseMirror says they need. */
function wrapIn(wrapping: readonly NodeType[], nodes: PMNode[]): PMNode | null {
  let inner: PMNode | null = null;
  for (let i = wrapping.length - 1; i >= 0; i--) {
    inner = fit(wrapping[i]!, null, inner ? [inner] : nodes);
    if (!inner) return null;
  }
  return inner;
}

/**
 * A node of `type` with as much of `children` as fits its content expression:
 * children that fit are kept, required siblings are filled in, stray inline
 * runs are wrapped (text directly in a list becomes a list item's paragraph),
 * blocks inside a textblock give up their text, and the rest is unwrapped or
 * dropped. Returns null only when nothing valid can be made.
 */
function fit(type: NodeType, attrs: Record<string, unknown> | null, children: PMNode[]): PMNode | null {
  const out: PMNode[] = [];
  let match = type.contentMatch;
  let pending: PMNode[] = [];

  const place = (node: PMNode): boolean => {
    const direct = match.matchType(node.type);
    if (direct) {
      out.push(node);
      match = direct;
      return true;
    }
    const filler = match.fillBefore(Fragment.from(node));
    const after = filler && match.matchFragment(filler)?.matchType(node.type);
    if (filler && after) {
      filler.forEach((n) => out.push(n));
      out.push(node);
      match = after;
      return true;
    }
    return false;
  };

  const wrapAndPlace = (nodes: PMNode[]): boolean => {
    const wrapping = match.findWrapping(nodes[0]!.type);
    const wrapped = wrapping && wrapIn(wrapping, nodes);
    return wrapped ? place(wrapped) : false;
  };

  const flush = () => {
    if (pending.length > 0) wrapAndPlace(pending);
    pending = [];
  };

  const queue = [...children];
  for (let i = 0; i < queue.length; i++) {
    let child = queue[i]!;
    if (child.isInline) {
      const allowed = child.marks.filter((m) => type.allowsMarkType(m.type));
      if (allowed.length !== child.marks.length) child = child.mark(allowed);
      if (!type.inlineContent) {
        pending.push(child);
        continue;
      }
    }
    flush();
    if (place(child)) continue;
    if (type.inlineContent) {
      // A block inside a paragraph or heading: keep its text, in place.
      if (!child.isInline) queue.splice(i + 1, 0, ...nodeChildren(child));
      continue;
    }
    if (wrapAndPlace([child])) continue;
    // Cannot be placed or wrapped (a list item outside a list, a row outside a table...): unwrap.
    queue.splice(i + 1, 0, ...nodeChildren(child));
  }
  flush();

  const end = match.fillBefore(Fragment.empty, true);
  if (!end) return null;
  end.forEach((n) => out.push(n));
  try {
    const node = type.create(attrs, out);
    node.check();
    return node;
  } catch {
    return null;
  }
}

function nodeChildren(node: PMNode): PMNode[] {
  const result: PMNode[] = [];
  node.forEach((child) => result.push(child));
  return result;
}

function rebuild(json: unknown): SanitizeResult {
  if (!isRecord(json) || json.type !== 'doc') return { ok: false, reason: 'invalid' };
  const doc = fit(schema.topNodeType, null, buildChildren(json.content));
  if (!doc) return { ok: false, reason: 'invalid' };
  // Final word from ProseMirror itself, on the JSON we will hand out.
  const out = doc.toJSON() as RichTextDoc;
  schema.nodeFromJSON(out).check();
  return { ok: true, doc: out };
}

// ---------------------------------------------------------------------------
// Public API

/**
 * A clean copy of a rich-text document, or why there is none. Takes the
 * document as an object or as JSON text.
 */
export function sanitizeRichText(input: unknown, opts: { maxBytes?: number; maxDepth?: number } = {}): SanitizeResult {
  const maxBytes = opts.maxBytes ?? RICH_TEXT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? RICH_TEXT_MAX_DEPTH;
  try {
    let json: unknown;
    if (typeof input === 'string') {
      // A UTF-8 byte is at most one UTF-16 unit, so length > maxBytes is already too large.
      if (input.length > maxBytes || byteLength(input) > maxBytes) return { ok: false, reason: 'too-large' };
      try {
        json = JSON.parse(input);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (!isRecord(json)) return { ok: false, reason: 'invalid' };
      const measured = measure(json, maxDepth, maxBytes);
      if (measured !== 'ok') return { ok: false, reason: measured };
    } else {
      if (!isRecord(input)) return { ok: false, reason: 'invalid' };
      const measured = measure(input, maxDepth, maxBytes);
      if (measured !== 'ok') return { ok: false, reason: measured };
      // Serialise and parse again: the size check, and a plain copy without
      // prototypes, getters or toJSON tricks for the walk below.
      const text = JSON.stringify(input) as string | undefined;
      if (typeof text !== 'string') return { ok: false, reason: 'invalid' };
      if (byteLength(text) > maxBytes) return { ok: false, reason: 'too-large' };
      json = JSON.parse(text);
    }
    return rebuild(json);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

/**
 * One DOM for serialising, made on first use. This is what `generateHTML` from
 * `@tiptap/html/server` does (same happy-dom settings: no scripts, no loading),
 * except that it builds the schema and a new window on every call, about 10 ms
 * each; with the schema, serializer and window kept, a render takes well under 1 ms.
 */
let htmlDocument: Document | undefined;
/** The shared scripting-free DOM, also for post-processing rendered HTML (e.g. highlighting @mentions). */
export function getHtmlDocument(): Document {
  htmlDocument ??= new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  }).document as unknown as Document;
  return htmlDocument;
}

/** HTML for a document (sanitized here first); '' when there is nothing safe to show. */
export function renderRichTextHtml(doc: unknown): string {
  let key: string | undefined;
  try {
    key = JSON.stringify(doc);
  } catch {
    // A cyclic object (never from the database): rendered as it is, not remembered.
  }
  if (key === undefined) return renderUncached(doc);
  const cached = renderedHtml.get(key);
  if (cached !== undefined) {
    // Most recently used last: the oldest entries are forgotten first.
    renderedHtml.delete(key);
    renderedHtml.set(key, cached);
    return cached;
  }
  const html = renderUncached(doc);
  remember(key, html);
  return html;
}

/**
 * Rendered HTML by the document's JSON text (issue 15: sanitising and serialising through happy-dom took about a
 * third of the initiative page's loader on every view). Keyed by content, so an edited document is a new entry and
 * nothing needs forgetting; bounded by characters, oldest out first.
 */
const renderedHtml = new Map<string, string>();
const RENDERED_HTML_MAX_CHARS = 8_000_000;
let renderedHtmlChars = 0;

function remember(key: string, html: string) {
  const size = key.length + html.length;
  if (size > RENDERED_HTML_MAX_CHARS / 16) return;
  renderedHtml.set(key, html);
  renderedHtmlChars += size;
  for (const [oldKey, oldHtml] of renderedHtml) {
    if (renderedHtmlChars <= RENDERED_HTML_MAX_CHARS) break;
    renderedHtml.delete(oldKey);
    renderedHtmlChars -= oldKey.length + oldHtml.length;
  }
}

function renderUncached(doc: unknown): string {
  const clean = sanitizeRichText(doc);
  if (!clean.ok) return '';
  try {
    const node = schema.nodeFromJSON(clean.doc);
    const document = getHtmlDocument();
    const wrap = document.createElement('div');
    serializer.serializeFragment(node.content, { document }, wrap);
    return wrap.innerHTML;
  } catch {
    return '';
  }
}

/** Plain text of a document for search indexing and feeds; blocks on their own lines. */
export function richTextToPlainText(doc: unknown): string {
  const clean = sanitizeRichText(doc);
  return clean.ok ? docToPlainText(clean.doc) : '';
}

/** A document from the no-JavaScript textarea: blank lines separate paragraphs, newlines are hard breaks. */
export function plainTextToRichText(text: string): RichTextDoc {
  return textToDoc(typeof text === 'string' ? text : '') as RichTextDoc;
}

/** True when a document has no text (or is not a usable document at all). */
export function isRichTextEmpty(doc: unknown): boolean {
  return richTextToPlainText(doc).trim() === '';
}
