import type { ReactNode } from 'react';
import { Form } from '@remix-run/react';
import type { FieldErrors } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field } from './ui.tsx';

/** What each kind of post says on its button and above its editor; the intent is also what the route's action reads. */
const POST_LABELS = {
  create: { submitLabel: 'group.threads.create', bodyLabel: 'group.thread.field.body' },
  'edit-thread': { submitLabel: 'group.thread.save', bodyLabel: 'group.thread.field.body' },
  reply: { submitLabel: 'group.thread.replySubmit', bodyLabel: 'group.thread.field.reply' },
  'edit-reply': { submitLabel: 'group.thread.save', bodyLabel: 'group.thread.field.editReply' },
} as const satisfies Record<string, { submitLabel: MessageKey; bodyLabel: MessageKey }>;

type GroupPostFormProps = {
  intent: keyof typeof POST_LABELS;
  mentionNames: string[];
  errors?: FieldErrors;
  /** Set (even to '') to show the title field. */
  title?: string;
  body: unknown;
  hidden?: Record<string, string>;
};

/**
 * The form for a thread or a reply: the error summary of a failed save, an
 * optional title, the rich-text body, and under the editor the names that can
 * be @mentioned (current members).
 * Works without JavaScript (the editor falls back to a textarea).
 */
export function GroupPostForm({ intent, mentionNames, errors, title, body, hidden = {} }: GroupPostFormProps) {
  const t = useT();
  const { submitLabel, bodyLabel } = POST_LABELS[intent];
  const bodyError = errors?.body;
  return (
    <>
      <ErrorSummary errors={errors} />
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
    </>
  );
}

/**
 * A composer of its own on the page (a new thread, a reply, the thread being
 * edited): a panel named by its heading around the form; `children` follow the form.
 */
export function GroupPostPanel({ id, heading, level = 2, children, ...form }: GroupPostFormProps & { id: string; heading: string; level?: 1 | 2; children?: ReactNode }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section aria-labelledby={id} className="panel">
      <Heading id={id}>{heading}</Heading>
      <GroupPostForm {...form} />
      {children}
    </section>
  );
}
