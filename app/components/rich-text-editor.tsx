/**
 * Rich-text field, progressively enhanced. The server (and a browser without
 * JavaScript) shows a plain textarea named `${name}Text` holding the text of
 * the stored document; once scripts run it becomes a Tiptap editor with a
 * toolbar, and a hidden input named `name` carries the document as JSON. So an
 * action gets `name` (JSON) when JavaScript ran and `${name}Text` otherwise,
 * never both, and turns either into a document with document.server.ts.
 */
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { isSafeLinkHref, richTextExtensions } from '../rich-text/extensions.ts';
import { coerceDoc, docToPlainText, textToDoc } from '../rich-text/plain-text.ts';

export interface RichTextEditorProps {
  /** Form field name: `name` carries the JSON document, `${name}Text` the no-JavaScript text. */
  name: string;
  /** The visible label, already translated. */
  label: string;
  id?: string;
  /** The stored document (object or JSON text); undefined for a new one. */
  initialDoc: unknown;
  /** Error text, already translated. */
  error?: string;
  /** Ids of further descriptions (hints elsewhere on the page). */
  describedBy?: string;
}

/** What the link prompt's answer becomes: a scheme is added where the writer left it out. */
function hrefFromInput(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(value)) return `mailto:${value}`;
  return `https://${value.replace(/^\/+/, '')}`;
}

const joinIds = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

interface ToolbarButton {
  key: string;
  label: MessageKey;
  pressed?: boolean;
  disabled?: boolean;
  run: () => void;
}

export function RichTextEditor({ name, label, id, initialDoc, error, describedBy }: RichTextEditorProps) {
  const t = useT();
  const fieldId = id ?? `field-${name}`;
  const labelId = `${fieldId}-label`;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;

  const initial = useMemo(() => {
    const doc = coerceDoc(initialDoc);
    return { doc: doc?.type === 'doc' ? doc : undefined, text: docToPlainText(doc) };
  }, [initialDoc]);

  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const hiddenRef = useRef<HTMLInputElement>(null);
  const [json, setJson] = useState<string | null>(null);
  // The DOM value is written at once, not on React's next render: a quick submit right after an edit must carry it.
  const publish = (value: string) => {
    if (hiddenRef.current) hiddenRef.current.value = value;
    setJson(value);
  };

  const editorDescribedBy = joinIds(error && errorId, describedBy);
  const editorProps = useMemo(
    () => ({
      attributes: {
        id: fieldId,
        class: 'rte__content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(error ? { 'aria-invalid': 'true' } : {}),
        ...(editorDescribedBy ? { 'aria-describedby': editorDescribedBy } : {}),
      },
    }),
    [fieldId, labelId, error, editorDescribedBy],
  );

  const editor = useEditor({
    extensions: richTextExtensions,
    content: initial.doc,
    // The server renders the textarea; the editor only ever exists in the browser.
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    editorProps,
    onBeforeCreate: ({ editor: created }) => {
      // Text typed into the textarea before the scripts arrived is kept.
      const typed = textareaRef.current?.value;
      if (typed !== undefined && typed !== initial.text) created.options.content = textToDoc(typed);
    },
    onCreate: ({ editor: created }) => publish(JSON.stringify(created.getJSON())),
    onUpdate: ({ editor: updated }) => publish(JSON.stringify(updated.getJSON())),
  });

  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label id={labelId} htmlFor={editor ? undefined : fieldId} onClick={editor ? () => editor.commands.focus() : undefined}>
        {label}
      </label>
      {editor ? null : (
        <p id={hintId} className="field__hint">
          {t('editor.plainHint')}
        </p>
      )}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      {editor ? (
        <div className="rte">
          <Toolbar editor={editor} controls={fieldId} />
          <EditorContent editor={editor} />
          <input ref={hiddenRef} type="hidden" name={name} value={json ?? JSON.stringify(editor.getJSON())} readOnly />
        </div>
      ) : (
        <textarea
          ref={textareaRef}
          id={fieldId}
          name={`${name}Text`}
          rows={10}
          defaultValue={initial.text}
          aria-invalid={error ? true : undefined}
          aria-describedby={joinIds(hintId, error && errorId, describedBy)}
        />
      )}
    </div>
  );
}

/** A WAI-ARIA toolbar: one tab stop, arrow keys (and Home/End) move between buttons. */
function Toolbar({ editor, controls }: { editor: Editor; controls: string }) {
  const t = useT();
  // Rendered only once the editor exists, so the state below follows it from the start.
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      heading: e.isActive('heading', { level: 2 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canTable: e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const buttonRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const [focusIndex, setFocusIndex] = useState(0);

  const editLink = () => {
    const previous = editor.getAttributes('link').href as string | undefined;
    const answer = window.prompt(t('editor.linkPrompt'), previous ?? 'https://');
    if (answer === null) return;
    const value = answer.trim();
    if (value === '' || value === 'https://') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      return;
    }
    const href = hrefFromInput(value);
    if (!isSafeLinkHref(href)) {
      editor.commands.focus();
      return;
    }
    if (editor.state.selection.empty && !editor.isActive('link')) {
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: value, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
  };

  const buttons: ToolbarButton[] = [
    { key: 'heading', label: 'editor.heading', pressed: state.heading, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'bold', label: 'editor.bold', pressed: state.bold, run: () => editor.chain().focus().toggleBold().run() },
    { key: 'italic', label: 'editor.italic', pressed: state.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { key: 'bulletList', label: 'editor.bulletList', pressed: state.bulletList, run: () => editor.chain().focus().toggleBulletList().run() },
    { key: 'orderedList', label: 'editor.orderedList', pressed: state.orderedList, run: () => editor.chain().focus().toggleOrderedList().run() },
    { key: 'quote', label: 'editor.quote', pressed: state.blockquote, run: () => editor.chain().focus().toggleBlockquote().run() },
    { key: 'link', label: 'editor.link', pressed: state.link, run: editLink },
    { key: 'unlink', label: 'editor.unlink', disabled: !state.link, run: () => editor.chain().focus().extendMarkRange('link').unsetLink().run() },
    { key: 'table', label: 'editor.table', disabled: !state.canTable, run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { key: 'undo', label: 'editor.undo', disabled: !state.canUndo, run: () => editor.chain().focus().undo().run() },
    { key: 'redo', label: 'editor.redo', disabled: !state.canRedo, run: () => editor.chain().focus().redo().run() },
  ];

  const enabled = buttons.flatMap((b, i) => (b.disabled ? [] : [i]));
  // The one tab stop: the last button used, or the first that can be used.
  const tabStop = enabled.includes(focusIndex) ? focusIndex : (enabled[0] ?? 0);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const position = enabled.indexOf(tabStop);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = enabled[(position + 1) % enabled.length];
    else if (event.key === 'ArrowLeft') next = enabled[(position - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    setFocusIndex(next);
    buttonRefs.current[next]?.focus();
  };

  return (
    <div role="toolbar" aria-label={t('editor.toolbar')} aria-controls={controls} className="rte__toolbar" onKeyDown={onKeyDown}>
      {buttons.map((button, i) => (
        <button
          key={button.key}
          ref={(el) => {
            buttonRefs.current[i] = el;
          }}
          type="button"
          tabIndex={i === tabStop ? 0 : -1}
          aria-pressed={button.pressed === undefined ? undefined : button.pressed}
          disabled={button.disabled}
          onFocus={() => setFocusIndex(i)}
          onClick={button.run}
        >
          {t(button.label)}
        </button>
      ))}
    </div>
  );
}
