import { getSchema, type JSONContent } from '@tiptap/core';
import { generateHTML } from '@tiptap/html/server';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import {
  isRichTextEmpty,
  plainTextToRichText,
  renderRichTextHtml,
  richTextToPlainText,
  sanitizeRichText,
  type RichTextDoc,
} from '#app/rich-text/document.server.ts';
import { isSafeLinkHref, richTextExtensions } from '#app/rich-text/extensions.ts';
import { docToPlainText } from '#app/rich-text/plain-text.ts';

const schema = getSchema(richTextExtensions);

const text = (value: string, marks?: JSONContent['marks']): JSONContent => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const p = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', content });
const link = (href: string, label = 'klicka här', attrs: Record<string, unknown> = {}) => p(text(label, [{ type: 'link', attrs: { href, ...attrs } }]));

/** The tags and attributes of rendered HTML, without its (escaped) text. */
const markupOnly = (html: string) => html.replace(/>[^<]*</g, '><').replace(/^[^<]*|[^>]*$/g, '');

/** Parses rendered HTML and lists what a browser would see as elements and attributes. */
function inspect(html: string) {
  const window = new Window();
  const root = window.document.createElement('div');
  root.innerHTML = html;
  const elements = [...root.querySelectorAll('*')].map((el) => ({
    tag: el.tagName.toLowerCase(),
    attrs: Object.fromEntries([...el.attributes].map((a) => [a.name.toLowerCase(), a.value])),
  }));
  void window.happyDOM.close();
  return elements;
}

const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'strong', 'em', 's', 'u', 'a', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'table', 'colgroup', 'col', 'tbody', 'tr', 'th', 'td']);

/** Everything a rendered document must never be, whatever went in. */
function expectHarmless(html: string) {
  const markup = markupOnly(html).toLowerCase();
  for (const bad of ['javascript:', 'vbscript:', 'data:', '<script', '<iframe', '<img', '<object', '<embed', '<svg', 'onerror=', 'onclick=', 'onload=', 'onmouseover=', 'srcdoc', 'formaction']) {
    expect(markup).not.toContain(bad);
  }
  for (const el of inspect(html)) {
    expect(ALLOWED_TAGS.has(el.tag), `unexpected <${el.tag}>`).toBe(true);
    for (const [name, value] of Object.entries(el.attrs)) {
      expect(name.startsWith('on'), `event handler ${name} on <${el.tag}>`).toBe(false);
      expect(['href', 'rel', 'title', 'style', 'colspan', 'rowspan', 'start', 'type', 'colwidth']).toContain(name);
      if (name === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/i);
      if (name === 'style') expect(value).toMatch(/^(min-width|width|text-align): [\w.\s-]+;?$/);
    }
  }
}

/** Sanitize and render, and prove neither throws. */
function run(input: unknown) {
  let result: ReturnType<typeof sanitizeRichText> | undefined;
  let html = '';
  expect(() => {
    result = sanitizeRichText(input);
    html = renderRichTextHtml(input);
  }).not.toThrow();
  expectHarmless(html);
  return { result: result!, html };
}

describe('link URLs', () => {
  const refused = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    '\u0001\u0002javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\rscript:alert(1)',
    'jav\u200Bascript:alert(1)',
    '\uFEFFjavascript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/',
    'tel:+4612345',
    '//evil.example/x',
    '/relative/path',
    'example.org',
    'https:',
    'https://',
    'http:///x',
    'https:\\\\evil.example',
    'mailto:',
    'https://exa mple.org',
    'https://example.org/\u0000',
    `https://example.org/${'a'.repeat(3000)}`,
    '',
    '   ',
  ];

  it.each(refused.map((href) => [JSON.stringify(href), href]))('refuses %s and keeps the text without the link', (_label, href) => {
    expect(isSafeLinkHref(href)).toBe(false);
    const { result, html } = run(doc(link(href)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.doc).toEqual(doc(p(text('klicka här'))));
    expect(html).toBe('<p>klicka här</p>');
    expect(html).not.toContain('<a');
  });

  it('refuses non-string hrefs', () => {
    for (const href of [null, undefined, 42, {}, ['https://example.org'], true]) {
      expect(isSafeLinkHref(href)).toBe(false);
      const { html } = run(doc(p(text('x', [{ type: 'link', attrs: { href } }]))));
      expect(html).toBe('<p>x</p>');
    }
  });

  it.each([['https://example.org/a?b=1&c=2#d'], ['http://example.org'], ['HTTPS://EXAMPLE.ORG/'], ['  https://example.org/trimmed  '], ['mailto:styrelsen@example.org']])('accepts %s', (href) => {
    expect(isSafeLinkHref(href)).toBe(true);
    const { result, html } = run(doc(link(href)));
    expect(result.ok && result.doc.content?.[0]?.content?.[0]?.marks?.[0]?.attrs?.href).toBe(href.trim());
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).not.toContain('target=');
  });

  it('percent-encodes markup characters and escapes ampersands in an allowed href', () => {
    const { result, html } = run(doc(link("https://example.org/?q=\"><script>alert(1)</script>&x=`1'")));
    expect(result.ok && result.doc.content?.[0]?.content?.[0]?.marks?.[0]?.attrs?.href).toBe("https://example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&x=%601'");
    expect(html).toContain(`href="https://example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&amp;x=%601'"`);
    expect(inspect(html).filter((e) => e.tag === 'a')).toHaveLength(1);
  });
});

describe('attributes', () => {
  it('drops event handlers and unknown attributes on nodes and marks', () => {
    const input = doc(
      { type: 'paragraph', attrs: { onclick: 'alert(1)', style: 'background:url(javascript:alert(1))', class: 'x', id: 'y' }, content: [text('p')] },
      { type: 'heading', attrs: { level: '2" onclick="alert(1)', onmouseover: 'alert(1)' }, content: [text('h')] },
      { type: 'heading', attrs: { level: 1 }, content: [text('h1 becomes h2')] },
      { type: 'heading', attrs: { level: 4 }, content: [text('h4')] },
      { type: 'orderedList', attrs: { start: '1" onclick="alert(1)', type: '" onclick="alert(1)' }, content: [{ type: 'listItem', attrs: { onclick: 'x' }, content: [p(text('li'))] }] },
      p(
        text('länk', [{ type: 'link', attrs: { href: 'https://example.org', onclick: 'alert(1)', target: '_blank', rel: 'opener', class: 'x" onclick="alert(1)', title: 'Titel' } }]),
        text('fet', [{ type: 'bold', attrs: { onclick: 'alert(1)', style: 'x' } }]),
      ),
      { type: 'hardBreak', attrs: { onclick: 'x' } },
      {
        type: 'table',
        attrs: { onclick: 'x', style: 'x' },
        content: [
          {
            type: 'tableRow',
            attrs: { onclick: 'x' },
            content: [
              { type: 'tableHeader', attrs: { colspan: '2" onclick="x', rowspan: -1, colwidth: ['x'], align: 'center; background: url(javascript:alert(1))', onclick: 'x' }, content: [p(text('th'))] },
              { type: 'tableCell', attrs: { colspan: 1, align: 'right', colwidth: [120] }, content: [p(text('td'))] },
            ],
          },
        ],
      },
    );
    const { result, html } = run(input);
    expect(result.ok).toBe(true);
    expect(html).toContain('<h2>h</h2><h2>h1 becomes h2</h2><h4>h4</h4>');
    expect(html).toContain('<ol><li><p>li</p></li></ol>');
    expect(html).toContain('<a rel="noopener noreferrer nofollow" href="https://example.org" title="Titel">länk</a><strong>fet</strong>');
    expect(html).toContain('<th><p>th</p></th>');
    expect(html).toContain('<td colwidth="120" style="text-align: right;"><p>td</p></td>');
    expect(html).not.toMatch(/class=|id=|opener"|_blank/);
  });

  it('keeps only the attribute names the schema knows in the stored JSON', () => {
    const { result } = run(doc({ type: 'paragraph', attrs: { onclick: 'x', __proto__: { polluted: true } }, content: [text('x', [{ type: 'italic', attrs: { onclick: 'x' } }])] }));
    expect(result).toEqual({ ok: true, doc: doc(p(text('x', [{ type: 'italic' }]))) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('text, unknown nodes and unknown marks', () => {
  it('renders markup inside text as escaped text', () => {
    const { html } = run(doc(p(text('<script>alert(1)</script>')), p(text('<img src=x onerror=alert(1)>')), p(text('"><svg onload=alert(1)>'))));
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src=x onerror=alert(1)&gt;</p><p>"&gt;&lt;svg onload=alert(1)&gt;</p>');
    expect(inspect(html).map((e) => e.tag)).toEqual(['p', 'p', 'p']);
  });

  it('drops script, iframe and other unknown node types', () => {
    const { result, html } = run(
      doc(
        { type: 'script', content: [text('alert(1)')], attrs: { src: 'https://evil.example/x.js' } },
        { type: 'iframe', attrs: { src: 'javascript:alert(1)', srcdoc: '<script>alert(1)</script>' } },
        { type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } },
        { type: 'img', attrs: { src: 'x', onerror: 'alert(1)' } },
        { type: 'codeBlock', content: [text('kod')] },
        { type: '__proto__', content: [text('proto')] },
        { type: 'constructor' },
        { type: 'toString' },
        { type: 'doc', content: [p(text('inre doc'))] },
        { type: 'section', content: [p(text('behållen text'))] },
        { type: 'text', text: 42 },
        { type: 'text' },
        { type: 'text', text: '' },
        { type: 42 },
        null,
        'paragraph',
        [p(text('array'))],
        p(text('kvar')),
      ),
    );
    expect(result.ok).toBe(true);
    const plain = docToPlainText(result.ok ? result.doc : null);
    expect(plain).not.toContain('alert');
    expect(plain).toContain('kod');
    expect(plain).toContain('inre doc');
    expect(plain).toContain('behållen text');
    expect(plain).toContain('kvar');
    expect(html).not.toContain('evil');
  });

  it('drops unknown marks and keeps known ones', () => {
    const { result, html } = run(
      doc(
        p(
          text('a', [{ type: 'script' }, { type: 'span', attrs: { style: 'x' } }, { type: '__proto__' }, { type: 'bold' }, { type: 'bold' }]),
          text('b', 'bold' as never),
          text('c', [null, 42, 'italic', { type: 42 }] as never),
          text('d', [{ type: 'code' }, { type: 'textStyle', attrs: { color: 'red' } }]),
        ),
      ),
    );
    expect(result).toEqual({ ok: true, doc: doc(p(text('a', [{ type: 'bold' }]), text('bcd'))) });
    expect(html).toBe('<p><strong>a</strong>bcd</p>');
  });

  it('repairs structure: stray text, orphan list items and rows, empty lists', () => {
    const { result } = run(
      doc(
        text('lös text'),
        { type: 'listItem', content: [p(text('ensam punkt'))] },
        { type: 'bulletList', content: [] },
        { type: 'bulletList', content: [text('text i lista'), { type: 'listItem', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [p(text('inre'))] }] }] }] },
        { type: 'tableRow', content: [] },
        { type: 'table', content: [] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [text('cell utan stycke')] }] }] },
        p(p(text('stycke i stycke')), { type: 'blockquote', content: [p(text('citat i stycke'))] }),
        { type: 'listItem' },
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(() => schema.nodeFromJSON(result.doc).check()).not.toThrow();
    const plain = docToPlainText(result.doc);
    for (const piece of ['lös text', 'ensam punkt', 'text i lista', 'inre', 'cell utan stycke', 'stycke i stycke', 'citat i stycke']) expect(plain).toContain(piece);
    // The empty row and table left nothing behind.
    expect(result.doc.content?.filter((n) => n.type === 'table')).toHaveLength(1);
  });

  it('strips control characters from text', () => {
    const { result } = run(doc(p(text('a\u0000b\u0007c\u001Fd\u007Fe'))));
    expect(result).toEqual({ ok: true, doc: doc(p(text('abcde'))) });
  });
});

describe('limits and broken input', () => {
  it('refuses a 10 000-deep blockquote as too deep without overflowing the stack', () => {
    let deep: JSONContent = p(text('botten'));
    for (let i = 0; i < 10_000; i++) deep = { type: 'blockquote', content: [deep] };
    const input = doc(deep);
    expect(run(input).result).toEqual({ ok: false, reason: 'too-deep' });
    // Built as a string, so JSON.stringify is never asked to recurse 20 000 levels.
    const asJson = `{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(10_000)}{"type":"paragraph"}${']}'.repeat(10_000)}]}`;
    expect(asJson.length).toBeGreaterThan(200_000);
    expect(run(asJson).result).toEqual({ ok: false, reason: 'too-large' });
    expect(sanitizeRichText(asJson, { maxBytes: 1_000_000 })).toEqual({ ok: false, reason: 'too-deep' });
    expect(renderRichTextHtml(input)).toBe('');
    expect(richTextToPlainText(input)).toBe('');
  });

  it('refuses deep nesting hidden in attributes and cyclic objects', () => {
    let attrs: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) attrs = { a: attrs };
    expect(run(doc({ type: 'paragraph', attrs })).result).toEqual({ ok: false, reason: 'too-deep' });
    const cyclic: Record<string, unknown> = { type: 'doc', content: [] };
    (cyclic.content as unknown[]).push(cyclic);
    expect(run(cyclic).result.ok).toBe(false);
  });

  it('accepts nesting up to the limit and refuses beyond it', () => {
    const nested = (levels: number) => {
      let node: JSONContent = p(text('x'));
      for (let i = 1; i < levels; i++) node = { type: 'blockquote', content: [node] };
      return doc(node);
    };
    // The paragraph's text sits one level deeper than the paragraph itself.
    expect(sanitizeRichText(nested(39)).ok).toBe(true);
    expect(sanitizeRichText(nested(40))).toEqual({ ok: false, reason: 'too-deep' });
    expect(sanitizeRichText(nested(8), { maxDepth: 5 })).toEqual({ ok: false, reason: 'too-deep' });
  });

  it('refuses a 1 MB document as too large', () => {
    const big = doc(...Array.from({ length: 1000 }, () => p(text('x'.repeat(1000)))));
    expect(run(big).result).toEqual({ ok: false, reason: 'too-large' });
    expect(run(JSON.stringify(big)).result).toEqual({ ok: false, reason: 'too-large' });
    // Multi-byte characters count as bytes, not as string length.
    const swedish = doc(p(text('å'.repeat(60_000))));
    expect(sanitizeRichText(swedish, { maxBytes: 100_000 })).toEqual({ ok: false, reason: 'too-large' });
    expect(sanitizeRichText(swedish).ok).toBe(true);
    // Many tiny values are counted too.
    expect(run({ type: 'doc', content: Array.from({ length: 300_000 }, () => null) }).result).toEqual({ ok: false, reason: 'too-large' });
  });

  it.each(['', '{', '{"type":"doc"', '{"type":"doc","content":[', 'undefined', "{'type':'doc'}", '<p>html</p>', 'null', '42', '"doc"', '[]', 'true'])('refuses the JSON string %j as invalid', (input) => {
    expect(run(input).result).toEqual({ ok: false, reason: 'invalid' });
    expect(renderRichTextHtml(input)).toBe('');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['42', 42],
    ['NaN', NaN],
    ['true', true],
    ['[]', []],
    ['[doc]', [doc(p(text('x')))]],
    ['a function', () => doc()],
    ['a symbol', Symbol('doc')],
    ['a bigint', 10n],
    ['{}', {}],
    ['a paragraph as root', p(text('x'))],
    ['type Doc', { type: 'Doc', content: [] }],
  ])('refuses %s as invalid', (_label, input) => {
    expect(run(input).result).toEqual({ ok: false, reason: 'invalid' });
  });

  it('never throws on hostile objects', () => {
    const throwing = { type: 'doc', get content(): never { throw new Error('boom'); } };
    expect(run(throwing).result).toEqual({ ok: false, reason: 'invalid' });
    const withBigInt = doc(p(text('x')), { type: 'paragraph', attrs: { n: 1n } });
    expect(run(withBigInt).result).toEqual({ ok: false, reason: 'invalid' });
    const withToJson = { type: 'doc', content: [], toJSON: () => ({ type: 'doc', content: [{ type: 'script', content: [text('alert(1)')] }] }) };
    expect(run(withToJson).result).toEqual({ ok: true, doc: { type: 'doc', content: [{ type: 'paragraph' }] } });
  });

  it('turns an empty document into one empty paragraph', () => {
    for (const input of [{ type: 'doc' }, { type: 'doc', content: [] }, '{"type":"doc"}', doc({ type: 'script' })]) {
      expect(run(input).result).toEqual({ ok: true, doc: { type: 'doc', content: [{ type: 'paragraph' }] } });
    }
    expect(renderRichTextHtml({ type: 'doc' })).toBe('<p></p>');
  });
});

describe('a real document', () => {
  const rich = doc(
    { type: 'heading', attrs: { level: 2 }, content: [text('Årsmöte 2025')] },
    { type: 'heading', attrs: { level: 3 }, content: [text('Dagordning')] },
    p(text('Välkomna till '), text('årsmötet', [{ type: 'bold' }]), text(' i '), text('Folkets hus', [{ type: 'italic' }]), text('.'), { type: 'hardBreak' }, text('Läs mer på '), text('vår sida', [{ type: 'link', attrs: { href: 'https://example.org/arsmote?ar=2025' } }]), text(' eller mejla '), text('styrelsen', [{ type: 'link', attrs: { href: 'mailto:styrelsen@example.org' } }]), text('.')),
    { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('Val av ordförande'))] }, { type: 'listItem', content: [p(text('Budget')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('Medlemsavgift'))] }] }] }] },
    { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p(text('Tredje'))] }, { type: 'listItem', content: [p(text('Fjärde'))] }] },
    { type: 'blockquote', content: [p(text('Tillsammans är vi starka.'))] },
    { type: 'heading', attrs: { level: 4 }, content: [text('Ekonomi')] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [p(text('Post'))] }, { type: 'tableHeader', content: [p(text('Belopp'))] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [p(text('Hyra'))] }, { type: 'tableCell', content: [p(text('1 200 kr'))] }] },
      ],
    },
  );

  it('survives sanitizing intact', () => {
    const { result } = run(rich);
    expect(result).toEqual({ ok: true, doc: schema.nodeFromJSON(rich).toJSON() });
    // Sanitizing is idempotent, and the JSON string form gives the same document.
    if (!result.ok) return;
    expect(sanitizeRichText(result.doc)).toEqual(result);
    expect(sanitizeRichText(JSON.stringify(rich))).toEqual(result);
  });

  it('renders headings, lists, quote, table and links with rel', () => {
    const { html } = run(rich);
    expect(html).toContain('<h2>Årsmöte 2025</h2><h3>Dagordning</h3>');
    expect(html).toContain('<strong>årsmötet</strong>');
    expect(html).toContain('<em>Folkets hus</em>');
    expect(html).toContain('.<br>Läs mer på ');
    expect(html).toMatch(/<a [^>]*href="https:\/\/example\.org\/arsmote\?ar=2025"[^>]*>vår sida<\/a>/);
    expect(html).toMatch(/<a [^>]*href="mailto:styrelsen@example\.org"[^>]*>styrelsen<\/a>/);
    for (const a of inspect(html).filter((e) => e.tag === 'a')) expect(a.attrs.rel).toBe('noopener noreferrer nofollow');
    expect(html).toContain('<ul><li><p>Val av ordförande</p></li><li><p>Budget</p><ul><li><p>Medlemsavgift</p></li></ul></li></ul>');
    expect(html).toContain('<ol start="3"><li><p>Tredje</p></li><li><p>Fjärde</p></li></ol>');
    expect(html).toContain('<blockquote><p>Tillsammans är vi starka.</p></blockquote>');
    expect(html).toContain('<h4>Ekonomi</h4>');
    expect(html).toContain('<tr><th><p>Post</p></th><th><p>Belopp</p></th></tr><tr><td><p>Hyra</p></td><td><p>1 200 kr</p></td></tr>');
  });

  it('renders exactly what generateHTML from @tiptap/html/server renders', () => {
    const result = sanitizeRichText(rich);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(renderRichTextHtml(rich)).toBe(generateHTML(result.doc, richTextExtensions));
  });

  it('gives plain text for search with blocks on their own lines', () => {
    expect(richTextToPlainText(rich)).toBe(
      [
        'Årsmöte 2025',
        '',
        'Dagordning',
        '',
        'Välkomna till årsmötet i Folkets hus.',
        'Läs mer på vår sida eller mejla styrelsen.',
        '',
        '- Val av ordförande',
        '- Budget',
        '  - Medlemsavgift',
        '',
        '3. Tredje',
        '4. Fjärde',
        '',
        'Tillsammans är vi starka.',
        '',
        'Ekonomi',
        '',
        'Post | Belopp',
        'Hyra | 1 200 kr',
      ].join('\n'),
    );
    expect(richTextToPlainText('{broken')).toBe('');
    expect(richTextToPlainText(doc(p(text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))))).toBe('x');
  });
});

describe('plain text fallback', () => {
  it('splits paragraphs on blank lines and turns single newlines into hard breaks', () => {
    const result: RichTextDoc = plainTextToRichText('Första stycket\nandra raden\r\n\r\n\n  \nAndra stycket  \n\n');
    expect(result).toEqual(doc(p(text('Första stycket'), { type: 'hardBreak' }, text('andra raden')), p(text('Andra stycket'))));
    expect(sanitizeRichText(result)).toEqual({ ok: true, doc: result });
  });

  it('round-trips plain text', () => {
    for (const original of ['Hej', 'Rad ett\nRad två', 'Ett\n\nTvå\nTre\n\nFyra', 'Tom rad i slutet av stycket\n\nsen <script>alert(1)</script>', 'Tab\tinne']) {
      const back = richTextToPlainText(plainTextToRichText(original));
      expect(back).toBe(original);
      expect(plainTextToRichText(back)).toEqual(plainTextToRichText(original));
    }
    const html = renderRichTextHtml(plainTextToRichText('a <b>fet</b>\nb'));
    expect(html).toBe('<p>a &lt;b&gt;fet&lt;/b&gt;<br>b</p>');
  });

  it('gives an empty paragraph for empty or blank text and drops control characters', () => {
    expect(plainTextToRichText('')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(plainTextToRichText(' \n\n \t\n')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(plainTextToRichText('a\u0000b')).toEqual(doc(p(text('ab'))));
  });

  it('isRichTextEmpty', () => {
    expect(isRichTextEmpty({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe(true);
    expect(isRichTextEmpty({ type: 'doc' })).toBe(true);
    expect(isRichTextEmpty(doc(p(text('   ')), p({ type: 'hardBreak' }), { type: 'horizontalRule' }))).toBe(true);
    expect(isRichTextEmpty(plainTextToRichText('\n\n'))).toBe(true);
    expect(isRichTextEmpty(null)).toBe(true);
    expect(isRichTextEmpty('{broken')).toBe(true);
    expect(isRichTextEmpty(doc({ type: 'script', content: [text('alert(1)')] }))).toBe(true);
    expect(isRichTextEmpty(doc(p(text('x'))))).toBe(false);
    expect(isRichTextEmpty(plainTextToRichText('x'))).toBe(false);
    expect(isRichTextEmpty(doc({ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [p(text('cell'))] }] }] }))).toBe(false);
  });
});

describe('rendered HTML is remembered by content (issue 15)', () => {
  it('renders a document again when it changes, even the same object edited in place', () => {
    const words = { type: 'text', text: 'Före' };
    const edited = doc(p(words));
    expect(renderRichTextHtml(edited)).toBe('<p>Före</p>');
    expect(renderRichTextHtml(doc(p(text('Före'))))).toBe('<p>Före</p>');
    words.text = 'Efter';
    expect(renderRichTextHtml(edited)).toBe('<p>Efter</p>');
  });

  it('still sanitizes what it remembers: an unsafe link is dropped on every render', () => {
    const unsafe = doc(p({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }));
    expect(renderRichTextHtml(unsafe)).toBe('<p>x</p>');
    expect(renderRichTextHtml(unsafe)).toBe('<p>x</p>');
  });
});
