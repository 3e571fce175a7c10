import { isMessageKey, type MessageKey } from '../i18n/index.ts';

/**
 * A stored notification names its message by key; a key that no longer exists
 * in the catalog (renamed since) falls back to a neutral text instead of failing.
 */
export function noticeMessageKey(key: string): MessageKey {
  return isMessageKey(key) ? key : 'notifications.fallback';
}
