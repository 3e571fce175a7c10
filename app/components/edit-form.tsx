/**
 * The frame of a write-up form (initiatives, lessons, snapshots): the form in titled sections with a
 * list of them that shows what is filled in and what is missing (beside the form on a wide screen,
 * above it on a phone), and nothing typed is lost:
 *
 * - every change is kept in the browser (localStorage, per account and item) and offered back after
 *   a closed tab, a reload or a crash ("Du har en osparad version från …  Återställ / Släng");
 * - the kept draft is cleared once a save succeeds (the action redirects away from the form);
 * - leaving with unsaved changes asks first: `beforeunload` for the tab, Remix `useBlocker` for links.
 *
 * Fields that change without an `input` event of their own (rich text, comboboxes) send FIELD_CHANGE.
 */
import { Form, useBlocker, useLocation, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FieldErrors } from '../forms/validation.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { coerceDoc, docToPlainText } from '../rich-text/plain-text.ts';
import { FIELD_CHANGE } from './field-change.ts';

export interface FormSection {
  id: string;
  title: MessageKey;
  /** The field names the section holds; rich-text fields by their name (`body`, not `bodyText`). */
  fields: string[];
  /** Fields that must be filled before saving. */
  required?: string[];
}

export type DraftEntries = [string, string][];

interface StoredDraft {
  savedAt: string;
  entries: DraftEntries;
}

const DRAFT_PREFIX = 'samverka:draft:';
/** Never kept: what the page itself decides (the save intent). */
const NOT_KEPT = new Set(['intent']);

function formEntries(form: HTMLFormElement): DraftEntries {
  const entries: DraftEntries = [];
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && !NOT_KEPT.has(key)) entries.push([key, value]);
  });
  return entries;
}

/** True when a field has something in it; a rich-text document counts by its text. */
function isFilled(entries: DraftEntries, name: string): boolean {
  return entries.some(([key, value]) => {
    if (key === `${name}Text`) return value.trim() !== '';
    if (key !== name) return false;
    if (value.startsWith('{"type":"doc"')) return docToPlainText(coerceDoc(value)).trim() !== '';
    return value.trim() !== '';
  });
}

function readDraft(key: string): StoredDraft | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft;
    return Array.isArray(parsed.entries) && typeof parsed.savedAt === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function writeDraft(key: string, draft: StoredDraft | null) {
  try {
    if (draft) window.localStorage.setItem(key, JSON.stringify(draft));
    else window.localStorage.removeItem(key);
  } catch {
    // Storage full or switched off: the form still works, only the safety net is missing.
  }
}

/** Turns kept entries back into a FormData, for the form's own "values from what was sent". */
export function entriesToFormData(entries: DraftEntries): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

/** A kept rich-text value: the JSON document, or the plain text typed before the editor loaded. */
/**
 * The values a form shows: what the page gave it, until the person restores a kept draft. A restored draft keeps
 * the version it was written against, so saving over a newer one shows the conflict notice.
 */
export function useRestorableValues<V>(given: V, givenVersion: number | undefined, fromDraft: (entries: DraftEntries) => V) {
  const [restored, setRestored] = useState<{ values: V; version?: number } | null>(null);
  const onRestore = (entries: DraftEntries) => {
    const kept = entries.find(([k]) => k === 'version')?.[1];
    setRestored({ values: fromDraft(entries), version: kept ? Number(kept) : undefined });
  };
  return { values: restored?.values ?? given, version: restored?.version ?? givenVersion, onRestore };
}

export function draftRichText(data: FormData, name: string): unknown {
  const json = data.get(name);
  if (typeof json === 'string' && json !== '') return json;
  const text = data.get(`${name}Text`);
  return typeof text === 'string' ? text : undefined;
}

export function EditForm({
  item,
  sections,
  errors,
  onRestore,
  children,
}: {
  /** What is being written: "initiative:new", "lesson:<slug>"… (the account is added here). */
  item: string;
  sections: FormSection[];
  errors?: FieldErrors;
  /** Shows a kept draft in the form (the caller turns the entries into its values and re-keys). */
  onRestore: (entries: DraftEntries) => void;
  children: ReactNode;
}) {
  const t = useT();
  const root = useRouteLoaderData<{ user: { id: string } | null }>('root');
  const storageKey = `${DRAFT_PREFIX}${root?.user?.id ?? 'anonymous'}:${item}`;
  const formRef = useRef<HTMLFormElement>(null);
  const [entries, setEntries] = useState<DraftEntries | null>(null);
  const [offer, setOffer] = useState<StoredDraft | null>(null);
  const [restoreCount, setRestoreCount] = useState(0);
  const dirty = useRef(false);
  const submitting = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();

  // On arrival: the section list follows the form as it is, and a kept draft is offered back.
  useEffect(() => {
    if (formRef.current) setEntries(formEntries(formRef.current));
    setOffer(readDraft(storageKey));
  }, [storageKey]);

  const keep = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const now = formEntries(form);
    setEntries(now);
    writeDraft(storageKey, { savedAt: new Date().toISOString(), entries: now });
  }, [storageKey]);

  // Every change marks the form unsaved and is kept (a moment after the last keystroke).
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const changed = () => {
      dirty.current = true;
      // While an earlier draft is on offer, it is not overwritten: the writer decides first.
      if (offer) return;
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(keep, 300);
    };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener(FIELD_CHANGE, changed);
    return () => {
      form.removeEventListener('input', changed);
      form.removeEventListener('change', changed);
      form.removeEventListener(FIELD_CHANGE, changed);
      clearTimeout(saveTimer.current);
    };
  }, [keep, offer]);

  // Closing the tab or reloading with unsaved changes asks first (the draft is kept either way).
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty.current || submitting.current) return;
      if (saveTimer.current) keep();
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [keep]);

  // A link inside the app asks too.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty.current && !submitting.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(t('editForm.leaveConfirm'))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);

  // A save that succeeded redirects away from the form: the kept draft has served its purpose.
  const navigation = useNavigation();
  const location = useLocation();
  useEffect(() => {
    if (navigation.state === 'idle') submitting.current = false;
    if (navigation.state === 'loading' && navigation.formMethod && navigation.location.pathname !== location.pathname) {
      clearTimeout(saveTimer.current);
      writeDraft(storageKey, null);
      dirty.current = false;
    }
  }, [navigation, location.pathname, storageKey]);

  const restore = () => {
    if (!offer) return;
    onRestore(offer.entries);
    setRestoreCount((n) => n + 1);
    setEntries(offer.entries);
    setOffer(null);
    dirty.current = true;
  };
  const discard = () => {
    writeDraft(storageKey, null);
    setOffer(null);
    // What is in the form now (perhaps typed meanwhile) becomes the kept draft.
    if (dirty.current) keep();
  };

  const errorFields = new Set(Object.keys(errors ?? {}));
  return (
    <div className="edit-form">
      <nav className="edit-form__sections" aria-labelledby="edit-form-sections-title">
        <h2 id="edit-form-sections-title" className="edit-form__sections-title">
          {t('editForm.sections')}
        </h2>
        <ol>
          {sections.map((s) => {
            const filled = entries ? s.fields.filter((f) => isFilled(entries, f)).length : null;
            const missing = entries ? (s.required ?? []).filter((f) => !isFilled(entries, f)).length : 0;
            const hasError = s.fields.some((f) => errorFields.has(f));
            const status = hasError ? 'error' : missing > 0 ? 'missing' : filled === null || s.fields.length === 0 ? 'unknown' : filled === s.fields.length ? 'done' : filled > 0 ? 'partial' : 'empty';
            return (
              <li key={s.id} className={`edit-form__section-link edit-form__section-link--${status}`}>
                <a href={`#${s.id}`}>
                  <span className="edit-form__mark" aria-hidden="true" />
                  <span>{t(s.title)}</span>
                  <span className="edit-form__status">
                    <span className="visually-hidden">: </span>
                    {hasError
                      ? t('editForm.status.error')
                      : missing > 0
                        ? t('editForm.status.missing', { count: missing })
                        : filled === null || s.fields.length === 0
                          ? ''
                          : t('editForm.status.filled', { filled, total: s.fields.length })}
                  </span>
                </a>
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="edit-form__main">
        {offer ? (
          <div className="notice notice--warning draft-offer" role="status">
            <p>{t('editForm.draftOffer', { time: formatDateTime(offer.savedAt, t.locale) })}</p>
            <div className="draft-offer__actions">
              <button type="button" className="button" onClick={restore}>
                {t('editForm.restore')}
              </button>
              <button type="button" className="button button--secondary" onClick={discard}>
                {t('editForm.discard')}
              </button>
            </div>
          </div>
        ) : null}
        <Form
          ref={formRef}
          method="post"
          className="form form--wide"
          noValidate
          onSubmit={() => {
            submitting.current = true;
            if (saveTimer.current) keep();
          }}
        >
          <Fragment key={restoreCount}>{children}</Fragment>
        </Form>
      </div>
    </div>
  );
}

/** One titled part of the form; the section list links to it. */
export function FormPart({ id, title, lead, children }: { id: string; title: MessageKey; lead?: MessageKey; children: ReactNode }) {
  const t = useT();
  return (
    <section id={id} className="form-part" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(title)}</h2>
      {lead ? <p className="field__hint">{t(lead)}</p> : null}
      <div className="form-part__fields">{children}</div>
    </section>
  );
}
