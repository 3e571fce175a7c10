/**
 * The bubbling DOM event a script-driven field (the rich-text editor, a combobox) sends when its
 * value changes without an `input` event of its own, so the form around it can keep an unsaved draft.
 */
export const FIELD_CHANGE = 'samverka:field-change';
