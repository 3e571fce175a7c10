/** Checkbox groups and multi-selects that post every chosen value and show their error. */
import { useEffect, useState, type ReactNode } from 'react';
import type { FieldError } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';

interface Option {
  value: string;
  label: string;
  description?: string;
}

function FieldErrorText({ id, error }: { id: string; error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} className="field__error">
      {t(error.key, error.params)}
    </p>
  );
}

export function CheckboxGroup({ name, legend, hint, options, selected, error }: { name: string; legend: MessageKey; hint?: MessageKey; options: Option[]; selected: string[]; error?: FieldError }) {
  const t = useT();
  const errorId = `field-${name}-error`;
  return (
    <fieldset className={`field choice-group${error ? ' field--invalid' : ''}`} aria-describedby={error ? errorId : undefined} id={`field-${name}`}>
      <legend>{t(legend)}</legend>
      {hint ? <p className="field__hint">{t(hint)}</p> : null}
      <FieldErrorText id={errorId} error={error} />
      <div className="choice-group__options">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type="checkbox" name={name} value={o.value} defaultChecked={selected.includes(o.value)} />
            <span>
              {o.label}
              {o.description ? <span className="choice__description">{o.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface Group {
  label: string;
  options: Option[];
}

/**
 * A multi-select that works without JavaScript; with it, a text box above
 * filters the options as the user types (type-ahead over 300 areas).
 */
export function FilterableMultiSelect({
  name,
  label,
  hint,
  filterLabel,
  groups,
  selected,
  error,
}: {
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  filterLabel?: MessageKey;
  groups: Group[];
  selected: string[];
  error?: FieldError;
}) {
  const t = useT();
  const [query, setQuery] = useState<string | null>(null);
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const q = (query ?? '').trim().toLocaleLowerCase('sv');
  const matches = (o: Option) => !q || o.label.toLocaleLowerCase('sv').includes(q) || selected.includes(o.value);
  const optionCount = groups.reduce((n, g) => n + g.options.length, 0);
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{t(label)}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {t(hint)}
        </p>
      ) : null}
      <FieldErrorText id={`${id}-error`} error={error} />
      {filterLabel ? (
        <ClientOnly>
          <input type="search" aria-label={t(filterLabel)} placeholder={t(filterLabel)} className="multi-filter" value={query ?? ''} onChange={(e) => setQuery(e.target.value)} aria-controls={id} />
        </ClientOnly>
      ) : null}
      <select id={id} name={name} multiple size={Math.min(10, optionCount)} defaultValue={selected} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value} hidden={!matches(o)}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** Renders its children only after hydration: enhancements that need JavaScript to work. */
function ClientOnly({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <>{children}</> : null;
}
