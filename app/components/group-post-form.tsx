import { Form } from '@remix-run/react';
import type { FieldErrors } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { RichTextEditor } from './rich-text-editor.tsx';
import { Field } from './ui.tsx';

/**
 * The form for a thread or a reply: an optional title, the rich-text body, and
 * under the editor the names that can be @mentioned (current members).
 * Works without JavaScript (the editor falls back to a textarea).
 */
export function GroupPostForm({
  intent,
  submitLabel,
  bodyLabel,
  mentionNames,
  errors,
  title,
  body,
  hidden = {},
}: {
  intent: string;
  submitLabel: MessageKey;
  bodyLabel: MessageKey;
  mentionNames: string[];
  errors?: FieldErrors;
  /** Set (even to '') to show the title field. */
  title?: string;
  body: unknown;
  hidden?: Record<string, string>;
}) {
  const t = useT();
  const bodyError = errors?.body;
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {title !== undefined ? <Field name="title" label="group.thread.field.title" required maxLength={200} defaultValue={title} error={errors?.title} /> : null}
      <RichTextEditor name="body" label={t(bodyLabel)} initialDoc={body} error={bodyError ? t(bodyError.key, bodyError.params) : undefined} describedBy="mention-help" />
      <p id="mention-help" className="field__hint mention-help">
        {mentionNames.length > 0 ? t('group.thread.mentionHelp', { example: mentionNames[0]!, names: mentionNames.join(', ') }) : t('group.thread.mentionHelpNone')}
      </p>
      <button type="submit" className="button">
        {t(submitLabel)}
      </button>
    </Form>
  );
}
