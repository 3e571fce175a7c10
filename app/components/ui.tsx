/** Samverka's small set of own components: fields with their errors, notices, buttons. */
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { FieldError, FieldErrors } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';

function useErrorText() {
  const t = useT();
  return (error: FieldError | undefined) => (error ? t(error.key, error.params) : undefined);
}

/**
 * Label, hint and error around one control, wired together with ids so screen
 * readers announce the hint and the error with the control. The control gets
 * `id`, `aria-describedby` and `aria-invalid` from `control(props)`.
 */
function FieldShell({
  name,
  label,
  hint,
  error,
  required,
  id: givenId,
  control,
}: {
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  error?: FieldError;
  required?: boolean;
  /** Needed only where two forms on one page share a field name (a password confirming different things). */
  id?: string;
  control: (wiring: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}) {
  const t = useT();
  const errorText = useErrorText();
  const id = givenId ?? `field-${name}`;
  return (
    <FieldFrame id={id} label={t(label)} hint={hint ? t(hint) : undefined} error={errorText(error)} required={required}>
      {control({ id, 'aria-describedby': fieldDescribedBy(id, !!hint, !!error), 'aria-invalid': error ? true : undefined })}
    </FieldFrame>
  );
}

/** The ids a control of a `FieldFrame` names in its `aria-describedby`: the hint's, then the error's. */
export const fieldDescribedBy = (id: string, hint: boolean, error: boolean) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

/**
 * The frame of every field: label, hint, error, then the control (`children`,
 * with `id` and `aria-describedby={fieldDescribedBy(…)}`). Texts come in
 * translated; for controls the fields here do not cover (a file input, a
 * select built from loader data).
 */
export function FieldFrame({ id, label, hint, error, required, children }: { id: string; label: string; hint?: string; error?: string; required?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field__required"> ({t('form.required')})</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: MessageKey;
  type?: 'text' | 'email' | 'password' | 'url' | 'date';
  hint?: MessageKey;
  error?: FieldError;
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  id?: string;
}

export function Field({ type = 'text', defaultValue, autoComplete, maxLength, ...shell }: FieldProps) {
  return (
    <FieldShell
      {...shell}
      control={(wiring) => (
        <input {...wiring} name={shell.name} type={type} defaultValue={defaultValue} autoComplete={autoComplete} required={shell.required} maxLength={maxLength} />
      )}
    />
  );
}

interface SelectProps {
  name: string;
  label: MessageKey;
  options: { value: string; label: string }[];
  hint?: MessageKey;
  error?: FieldError;
  defaultValue?: string;
  required?: boolean;
  placeholder?: string;
}

export function SelectField({ options, defaultValue, placeholder, ...shell }: SelectProps) {
  return (
    <FieldShell
      {...shell}
      control={(wiring) => (
        <select {...wiring} name={shell.name} defaultValue={defaultValue ?? ''}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function TextAreaField({ name, label, hint, error, defaultValue, maxLength }: { name: string; label: MessageKey; hint?: MessageKey; error?: FieldError; defaultValue?: string; maxLength?: number }) {
  return (
    <FieldShell
      name={name}
      label={label}
      hint={hint}
      error={error}
      control={(wiring) => <textarea {...wiring} name={name} rows={4} defaultValue={defaultValue} maxLength={maxLength} />}
    />
  );
}

/** Lists a form's errors at the top, each linking to its field, so screen-reader users hear them first. */
/** `fieldIds` names a field whose id is not `field-<name>` (see FieldShell's `id`). */
export function ErrorSummary({ errors, fieldIds }: { errors: FieldErrors | undefined; fieldIds?: Record<string, string> }) {
  const t = useT();
  const errorText = useErrorText();
  const entries = Object.entries(errors ?? {}).filter(([, e]) => e) as [string, FieldError][];
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, error]) => (
          <li key={field}>{field === 'form' ? errorText(error) : <a href={`#${fieldIds?.[field] ?? `field-${field}`}`}>{errorText(error)}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'info' ? 'status' : 'status'}>
      {children}
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'success' | 'warning'; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/**
 * A table that may be wider than the screen scrolls inside its own box rather than widening the page.
 * The box is a named region a keyboard can focus (axe: scrollable-region-focusable), and on a narrow
 * screen a line under it says that it scrolls.
 */
export function ScrollingTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const t = useT();
  return (
    <>
      <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
        {children}
      </div>
      <p className="table-scroll__hint meta" aria-hidden="true">
        {t('table.scrollHint')}
      </p>
    </>
  );
}

/** A list page's heading: the title and its lead, and beside them the one thing to do there (for those who may). */
export function PageHeading({ title, lead, action }: { title: string; lead: string; action?: { to: string; label: string } | null }) {
  return (
    <div className="page-heading">
      <div>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
      </div>
      {action ? (
        <Link className="button" to={action.to}>
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}
