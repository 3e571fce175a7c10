/**
 * A multi-value combobox: type to filter, arrow keys and Enter to choose, chosen values as chips
 * (Backspace, Delete or a click removes one; arrow left from the empty box moves into the chips).
 * Built on Downshift's useCombobox + useMultipleSelection, which bring the WAI-ARIA 1.2 combobox
 * pattern and its keyboard handling (about 9 KB gzipped, the lightest well-kept option we found:
 * React Aria's ComboBox and TagGroup cost several times that).
 *
 * Progressive enhancement: the server and a browser without JavaScript get `fallback` (a native
 * multi-select, checkboxes or a textarea), which posts the same field name. Once scripts run, the
 * combobox takes its place and posts the chosen values as hidden inputs: one per value, or, with
 * `joinWith`, one input holding them all (as the textarea did).
 */
import { useCombobox, useMultipleSelection } from 'downshift';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { FieldError } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { FIELD_CHANGE } from './field-change.ts';

export interface ComboOption {
  value: string;
  label: string;
}

export interface ComboGroup {
  label: string;
  options: ComboOption[];
}

interface Item extends ComboOption {
  group: number;
}

const normalise = (s: string) => s.toLocaleLowerCase('sv').normalize('NFC');

interface ComboboxProps {
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  error?: FieldError;
  /** The choices; a group's heading is shown only when the group has a match. One group: no heading. */
  groups: ComboGroup[];
  selected: string[];
  /** Post all values in one input, joined by this text; otherwise one input per value. */
  joinWith?: string;
}

export function MultiCombobox({
  fallback,
  ...props
}: ComboboxProps & {
  /** What the server and a browser without JavaScript show: posts the same field name. */
  fallback: ReactNode;
}) {
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  if (!enhanced) return <>{fallback}</>;
  return <Combobox {...props} />;
}

function Combobox({ name, label, hint, error, groups, selected, joinWith }: ComboboxProps) {
  const t = useT();
  const id = `field-${name}`;
  const all = useMemo(() => groups.flatMap((g, group) => g.options.map((o) => ({ ...o, group }))), [groups]);
  const byValue = useMemo(() => new Map(all.map((o) => [o.value, o])), [all]);
  // A stored value no longer among the choices stays chosen, shown by its value, so saving keeps it.
  const [chosen, setChosen] = useState<Item[]>(() => selected.map((v) => byValue.get(v) ?? { value: v, label: v, group: -1 }));
  // What is typed, for the filter; the box itself is Downshift's (a controlled value lost keystrokes).
  const [query, setQuery] = useState('');
  // Hidden inputs send no input event: tell the form that the choice changed (for its draft).
  const rootRef = useRef<HTMLDivElement>(null);
  const firstChoice = useRef(chosen);
  useEffect(() => {
    if (chosen !== firstChoice.current) rootRef.current?.dispatchEvent(new Event(FIELD_CHANGE, { bubbles: true }));
  }, [chosen]);

  const items = useMemo(() => {
    const q = normalise(query.trim());
    const taken = new Set(chosen.map((c) => c.value));
    // A group matches as a whole when its heading does (typing "Skåne" offers the län and its kommuner).
    const groupHit = groups.map((g) => q !== '' && normalise(g.label).includes(q));
    return all.filter((o) => !taken.has(o.value) && (q === '' || groupHit[o.group] || normalise(o.label).includes(q)));
  }, [all, groups, chosen, query]);

  const { getSelectedItemProps, getDropdownProps } = useMultipleSelection<Item>({
    selectedItems: chosen,
    itemToKey: (item) => item?.value,
    onStateChange({ selectedItems, type }) {
      if (
        selectedItems &&
        (type === useMultipleSelection.stateChangeTypes.SelectedItemKeyDownBackspace ||
          type === useMultipleSelection.stateChangeTypes.SelectedItemKeyDownDelete ||
          type === useMultipleSelection.stateChangeTypes.DropdownKeyDownBackspace)
      )
        setChosen(selectedItems);
    },
  });

  // A choice joins the chips from the event handlers below (a click on an option, Enter in the box), once per
  // event. Never from stateReducer: React may run a reducer again for the same action (it re-applies an update
  // when an earlier, lower-priority one, such as the option's mouse move, is still waiting), and a state update
  // queued from there started a new render that ran it again, for ever: the stalled mouse click of issue 14.
  const choose = (item: Item | undefined) => {
    if (item) setChosen((c) => (c.some((x) => x.value === item.value) ? c : [...c, item]));
  };
  // A click on a chip removes it here, not through Downshift's removeSelectedItem: Downshift then handles the same
  // click as SelectedItemClick, and only that last action reached onStateChange, so the chip stayed. The focus goes
  // back to the box, as the removed button cannot keep it.
  const remove = (item: Item) => {
    setChosen((c) => c.filter((x) => x.value !== item.value));
    document.getElementById(id)?.focus();
  };

  const { isOpen, getLabelProps, getMenuProps, getInputProps, getToggleButtonProps, highlightedIndex, getItemProps } = useCombobox<Item>({
    items,
    itemToString: (item) => item?.label ?? '',
    itemToKey: (item) => item?.value,
    inputId: id,
    defaultHighlightedIndex: 0,
    onInputValueChange: ({ inputValue: typed }) => setQuery(typed ?? ''),
    getA11yStatusMessage: ({ isOpen: open }) => (open ? t('combobox.results', { count: items.length }) : ''),
    // Pure: it only shapes Downshift's own state (see `choose` above).
    stateReducer(state, { changes, type }) {
      switch (type) {
        case useCombobox.stateChangeTypes.InputKeyDownEnter:
        case useCombobox.stateChangeTypes.ItemClick:
          // Downshift's own single selection stays empty (controlling selectedItem as null instead made Downshift
          // clear the box after the next keystroke). Stay open after a choice, on the same place in the list:
          // choosing several is the common case.
          return { ...changes, selectedItem: null, isOpen: true, highlightedIndex: state.highlightedIndex, inputValue: '' };
        case useCombobox.stateChangeTypes.InputBlur:
          // Leaving the box never chooses the highlighted option by itself.
          return { ...changes, selectedItem: null, inputValue: '' };
        default:
          return changes;
      }
    },
  });

  // The chips' keys (arrow left, Backspace) only while the list is closed. getDropdownProps then leaves out every
  // onKeyDown it is given, so the box's own handler is composed with its answer below, never passed through it.
  const dropdownProps = getDropdownProps({ preventKeyAction: isOpen });

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const chipsId = `${id}-chosen`;
  const describedBy = [hintId, errorId, chosen.length ? chipsId : undefined].filter(Boolean).join(' ') || undefined;
  const showHeadings = groups.length > 1;

  // The menu, in groups; a heading only above a group that has a match.
  const menu: ReactNode[] = [];
  let groupItems: ReactNode[] = [];
  items.forEach((item, index) => {
    groupItems.push(
      <li key={item.value} className={`combo__option${highlightedIndex === index ? ' combo__option--active' : ''}`} {...getItemProps({ item, index, onClick: () => choose(item) })}>
        {item.label}
      </li>,
    );
    const next = items[index + 1];
    if (!next || next.group !== item.group) {
      const headingId = `${id}-group-${item.group}`;
      menu.push(
        showHeadings && item.group >= 0 ? (
          <li key={`g${item.group}`} role="presentation">
            <div id={headingId} className="combo__heading" role="presentation">
              {groups[item.group]?.label}
            </div>
            <ul role="group" aria-labelledby={headingId}>
              {groupItems}
            </ul>
          </li>
        ) : (
          groupItems
        ),
      );
      groupItems = [];
    }
  });

  return (
    <div ref={rootRef} className={`field combo${error ? ' field--invalid' : ''}`}>
      <label {...getLabelProps()}>{t(label)}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {t(hint)}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error">
          {t(error.key, error.params)}
        </p>
      ) : null}
      {chosen.length ? (
        <ul className="combo__chips" id={chipsId} aria-label={t('combobox.chosen', { label: t(label) })}>
          {chosen.map((item, index) => (
            <li key={item.value}>
              <button
                type="button"
                className="combo__chip"
                aria-label={t('combobox.remove', { label: item.label })}
                {...getSelectedItemProps({ selectedItem: item, index, onClick: () => remove(item) })}
              >
                <span>{item.label}</span>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                  <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="combo__box">
        <input
          className="combo__input"
          {...getInputProps({
            ...dropdownProps,
            onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
              if (event.key === 'Enter') {
                // Enter chooses from the list; it never sends the whole form from here. The same condition as
                // Downshift's own Enter: an open list with an option highlighted, no IME composition under way.
                event.preventDefault();
                if (isOpen && highlightedIndex >= 0 && !event.nativeEvent.isComposing) choose(items[highlightedIndex]);
              }
              dropdownProps.onKeyDown?.(event);
            },
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy,
          })}
        />
        <button type="button" className="combo__toggle" aria-label={t('combobox.toggle', { label: t(label) })} {...getToggleButtonProps()}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      <ul className={`combo__menu${isOpen ? ' combo__menu--open' : ''}`} {...getMenuProps({ 'aria-label': t(label) })}>
        {isOpen ? menu : null}
        {isOpen && items.length === 0 ? (
          <li role="presentation" className="combo__empty">
            {t('combobox.none')}
          </li>
        ) : null}
      </ul>
      {joinWith !== undefined ? (
        <input type="hidden" name={name} value={chosen.map((c) => c.value).join(joinWith)} />
      ) : (
        chosen.map((c) => <input key={c.value} type="hidden" name={name} value={c.value} />)
      )}
    </div>
  );
}
