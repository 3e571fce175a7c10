/** The bubbling DOM event a rich-text field sends on every change, so a form can keep an unsaved draft. */
export const RICH_TEXT_CHANGE = 'samverka:rich-text-change';
