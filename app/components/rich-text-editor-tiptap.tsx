/**
 * The Tiptap half of the rich-text field, fetched by rich-text-editor.tsx with a dynamic import once
 * a form with a rich-text field is rendered (so readers never download Tiptap). It replaces the
 * plain textarea with the editor and a toolbar; a hidden input named `name` carries the document as
 * JSON. Every change is also announced with a bubbling `FIELD_CHANGE` event, so the form around
 * it can keep an unsaved draft (edit-draft.tsx).
 */
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { isSafeLinkHref, richTextExtensions } from '../rich-text/extensions.ts';
import { coerceDoc, docToPlainText, textToDoc } from '../rich-text/plain-text.ts';
import { joinIds, type TiptapFieldProps } from './rich-text-editor.tsx';
import { FIELD_CHANGE } from './field-change.ts';

/** What the link prompt's answer becomes: a scheme is added where the writer left it out. */
function hrefFromInput(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(value)) return `mailto:${value}`;
  return `https://${value.replace(/^\/+/, '')}`;
}

interface ToolbarButton {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  /** The key combination, as aria-keyshortcuts spells it ("Control+B"); Tiptap's own bindings. */
  shortcut?: string;
  pressed?: boolean;
  disabled?: boolean;
  run: () => void;
}

export function TiptapField({ name, label, id, initialDoc, error, describedBy, typed, focus }: TiptapFieldProps) {
  const t = useT();
  const fieldId = id ?? `field-${name}`;
  const labelId = `${fieldId}-label`;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;

  const initial = useMemo(() => {
    const doc = coerceDoc(initialDoc);
    return { doc: doc?.type === 'doc' ? doc : undefined, text: typed ?? docToPlainText(doc) };
  }, [initialDoc, typed]);

  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const hiddenRef = useRef<HTMLInputElement>(null);
  const [json, setJson] = useState<string | null>(null);
  // The DOM value is written at once, not on React's next render: a quick submit right after an edit must carry it.
  const publish = (value: string, changed: boolean) => {
    if (hiddenRef.current) {
      hiddenRef.current.value = value;
      if (changed) hiddenRef.current.dispatchEvent(new Event(FIELD_CHANGE, { bubbles: true }));
    }
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
    autofocus: focus ? 'end' : false,
    onBeforeCreate: ({ editor: created }) => {
      // Text typed into the textarea before the scripts arrived is kept.
      const text = textareaRef.current?.value ?? typed;
      if (text !== undefined && (text !== initial.text || typed !== undefined)) created.options.content = textToDoc(text);
    },
    onCreate: ({ editor: created }) => publish(JSON.stringify(created.getJSON()), typed !== undefined),
    onUpdate: ({ editor: updated }) => publish(JSON.stringify(updated.getJSON()), true),
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

/** Inline SVG icons (24-unit grid, drawn with the text colour); decorative, the button carries the name. */
const icon = (d: string, extra?: ReactNode) => (
  <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
    <path d={d} />
    {extra}
  </svg>
);
const ICONS = {
  heading: icon('M4 5v14M12 5v14M4 12h8M15 11c0-1.1.9-2 2-2s2 .9 2 2c0 1.8-4 3.5-4 7h4'),
  bold: icon('M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z'),
  italic: icon('M10 5h8M6 19h8M14 5l-4 14'),
  bulletList: icon('M9 7h11M9 12h11M9 17h11', [7, 12, 17].map((y) => <circle key={y} cx="4.5" cy={y} r="1" fill="currentColor" />)),
  orderedList: icon('M10 7h10M10 12h10M10 17h10M4 5l1.5-1v5M3.5 14.2c.4-.8 2.6-.9 2.6.5 0 1.2-2.6 2-2.6 3.3h2.7'),
  quote: icon('M4 18c2.5 0 4-1.5 4-4.5V7H4v6h4M14 18c2.5 0 4-1.5 4-4.5V7h-4v6h4'),
  link: icon('M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'),
  unlink: icon('M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1M4 4l16 16'),
  table: icon('M4 5h16v14H4zM4 10h16M4 15h16M10 5v14'),
  undo: icon('M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3'),
  redo: icon('M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3'),
};

/** "Control+Shift+B" as the reader's keyboard shows it: Ctrl+Skift+B, or ⌘⇧B on a Mac. */
function shortcutText(shortcut: string, shiftWord: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const parts = shortcut.split('+');
  if (mac) return parts.map((p) => ({ Control: '⌘', Shift: '⇧', Alt: '⌥' })[p] ?? p).join('');
  return parts.map((p) => (p === 'Control' ? 'Ctrl' : p === 'Shift' ? shiftWord : p)).join('+');
}

/**
 * A WAI-ARIA toolbar: one tab stop, arrow keys (and Home/End) move between buttons, in groups
 * (text style, lists, links, table, history). Each icon button is named by its label; the visible
 * tooltip and aria-keyshortcuts tell its keyboard shortcut.
 */
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

  // The shortcuts are StarterKit's own key bindings; these only tell them.
  const groups: { key: string; buttons: ToolbarButton[] }[] = [
    {
      key: 'text',
      buttons: [
        { key: 'heading', label: 'editor.heading', icon: ICONS.heading, shortcut: 'Control+Alt+2', pressed: state.heading, run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
        { key: 'bold', label: 'editor.bold', icon: ICONS.bold, shortcut: 'Control+B', pressed: state.bold, run: () => editor.chain().focus().toggleBold().run() },
        { key: 'italic', label: 'editor.italic', icon: ICONS.italic, shortcut: 'Control+I', pressed: state.italic, run: () => editor.chain().focus().toggleItalic().run() },
      ],
    },
    {
      key: 'blocks',
      buttons: [
        { key: 'bulletList', label: 'editor.bulletList', icon: ICONS.bulletList, shortcut: 'Control+Shift+8', pressed: state.bulletList, run: () => editor.chain().focus().toggleBulletList().run() },
        { key: 'orderedList', label: 'editor.orderedList', icon: ICONS.orderedList, shortcut: 'Control+Shift+7', pressed: state.orderedList, run: () => editor.chain().focus().toggleOrderedList().run() },
        { key: 'quote', label: 'editor.quote', icon: ICONS.quote, shortcut: 'Control+Shift+B', pressed: state.blockquote, run: () => editor.chain().focus().toggleBlockquote().run() },
      ],
    },
    {
      key: 'links',
      buttons: [
        { key: 'link', label: 'editor.link', icon: ICONS.link, pressed: state.link, run: editLink },
        { key: 'unlink', label: 'editor.unlink', icon: ICONS.unlink, disabled: !state.link, run: () => editor.chain().focus().extendMarkRange('link').unsetLink().run() },
        { key: 'table', label: 'editor.table', icon: ICONS.table, disabled: !state.canTable, run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
      ],
    },
    {
      key: 'history',
      buttons: [
        { key: 'undo', label: 'editor.undo', icon: ICONS.undo, shortcut: 'Control+Z', disabled: !state.canUndo, run: () => editor.chain().focus().undo().run() },
        { key: 'redo', label: 'editor.redo', icon: ICONS.redo, shortcut: 'Control+Shift+Z', disabled: !state.canRedo, run: () => editor.chain().focus().redo().run() },
      ],
    },
  ];
  const buttons = groups.flatMap((g) => g.buttons);

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

  let index = 0;
  return (
    <div role="toolbar" aria-label={t('editor.toolbar')} aria-controls={controls} className="rte__toolbar" onKeyDown={onKeyDown}>
      {groups.map((group) => (
        <div key={group.key} role="group" aria-label={t(`editor.group.${group.key}` as MessageKey)} className="rte__group">
          {group.buttons.map((button) => {
            const i = index++;
            const name = t(button.label);
            const tip = button.shortcut ? `${name} (${shortcutText(button.shortcut, t('editor.shiftKey'))})` : name;
            return (
              <button
                key={button.key}
                ref={(el) => {
                  buttonRefs.current[i] = el;
                }}
                type="button"
                className="rte__button"
                aria-label={name}
                aria-keyshortcuts={button.shortcut}
                tabIndex={i === tabStop ? 0 : -1}
                aria-pressed={button.pressed === undefined ? undefined : button.pressed}
                disabled={button.disabled}
                onFocus={() => setFocusIndex(i)}
                onClick={button.run}
              >
                {button.icon}
                <span className="rte__tip" aria-hidden="true">
                  {tip}
                </span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
