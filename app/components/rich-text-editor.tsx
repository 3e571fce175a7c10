/**
 * Rich-text field, progressively enhanced and loaded lazily. The server (and a browser without
 * JavaScript) shows a plain textarea named `${name}Text` holding the text of the stored document.
 * Once the field is rendered in a browser, the Tiptap editor (rich-text-editor-tiptap.tsx, about
 * 150 KB of JavaScript) is fetched with a dynamic import and takes the textarea's place, keeping
 * whatever was typed meanwhile; a hidden input named `name` then carries the document as JSON.
 * So only pages that show a form with a rich-text field download Tiptap: readers never do.
 * An action gets `name` (JSON) when JavaScript ran and `${name}Text` otherwise, never both, and
 * turns either into a document with document.server.ts.
 */
import { useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { useT } from '../i18n/use-t.ts';
import { FieldFrame } from './ui.tsx';
import { coerceDoc, docToPlainText } from '../rich-text/plain-text.ts';

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

export interface TiptapFieldProps extends RichTextEditorProps {
  /** Text typed into the plain textarea before the editor arrived, when it differs from the stored text. */
  typed?: string;
  /** The writer was in the textarea when the editor arrived: the editor takes the focus. */
  focus?: boolean;
}

export const joinIds = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** One fetch of the editor module per page, shared by every rich-text field on it. */
let tiptapModule: Promise<ComponentType<TiptapFieldProps>> | undefined;
const loadTiptap = () => (tiptapModule ??= import('./rich-text-editor-tiptap.tsx').then((m) => m.TiptapField));

export function RichTextEditor(props: RichTextEditorProps) {
  const { name, label, id, initialDoc, error, describedBy } = props;
  const t = useT();
  const fieldId = id ?? `field-${name}`;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  const text = useMemo(() => docToPlainText(coerceDoc(initialDoc)), [initialDoc]);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [loaded, setLoaded] = useState<{ Field: ComponentType<TiptapFieldProps>; typed?: string; focus: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    loadTiptap().then(
      (Field) => {
        if (!live) return;
        const area = textareaRef.current;
        const typed = area && area.value !== text ? area.value : undefined;
        setLoaded({ Field, typed, focus: area !== null && document.activeElement === area });
      },
      // Without the editor (a failed download) the plain textarea stays, and the form still posts.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [text]);

  if (loaded) return <loaded.Field {...props} typed={loaded.typed} focus={loaded.focus} />;
  return (
    <FieldFrame id={fieldId} label={label} hint={t('editor.plainHint')} error={error}>
      <textarea
        ref={textareaRef}
        id={fieldId}
        name={`${name}Text`}
        rows={10}
        defaultValue={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={joinIds(hintId, error && errorId, describedBy)}
      />
    </FieldFrame>
  );
}
