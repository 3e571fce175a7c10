/**
 * Highlights @mentions in rich-text HTML that renderRichTextHtml produced.
 * The HTML is parsed into a DOM and only its text nodes are touched: each
 * mention becomes a <strong class="mention"> element whose text is set as a
 * text node, so a member's name (user input) can never become markup. Tags
 * and attributes of the sanitised HTML are serialised back unchanged.
 */
import { getHtmlDocument } from '../rich-text/document.server.ts';
import { mentionMatcher, type Mentionable } from './mentions.ts';

const TEXT_NODE = 3;

function textNodesOf(root: Node): Text[] {
  const out: Text[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE) out.push(node as Text);
    else for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return out;
}

/**
 * The same HTML with every mention of these members wrapped in
 * <strong class="mention">. A mention split across formatting (half of the
 * name bold) is still notified but not highlighted.
 */
export function highlightMentions(html: string, members: readonly Mentionable[]): string {
  if (!html.includes('@') || members.length === 0) return html;
  const matcher = mentionMatcher(members);
  const document = getHtmlDocument();
  const wrap = document.createElement('div');
  wrap.innerHTML = html;
  let changed = false;
  for (const node of textNodesOf(wrap)) {
    const text = node.data.normalize('NFC');
    const found = matcher.find(text);
    if (found.length === 0) continue;
    const parts = document.createDocumentFragment();
    let at = 0;
    for (const m of found) {
      if (m.start > at) parts.appendChild(document.createTextNode(text.slice(at, m.start)));
      const strong = document.createElement('strong');
      strong.className = 'mention';
      strong.appendChild(document.createTextNode(text.slice(m.start, m.end)));
      parts.appendChild(strong);
      at = m.end;
    }
    if (at < text.length) parts.appendChild(document.createTextNode(text.slice(at)));
    node.parentNode!.replaceChild(parts, node);
    changed = true;
  }
  return changed ? wrap.innerHTML : html;
}
