import { Form, useLocation } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';

/**
 * What a signed-in person with an unconfirmed address sees where an action
 * would be (and as a banner on every page): why, and a button that mails the
 * confirmation link again. The button posts to /bekrafta-epost, which answers
 * on a page of its own (sent, or wait a while).
 */
export function ConfirmEmailNotice({ email, banner = false, text }: { email: string; banner?: boolean; text?: string }) {
  const t = useT();
  const location = useLocation();
  return (
    <div className="notice notice--warning confirm-email" role="status">
      <p>{text ?? t(banner ? 'emailConfirm.banner' : 'emailConfirm.required', { email })}</p>
      <Form method="post" action="/bekrafta-epost">
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <button type="submit" className="button button--small button--secondary">
          {t('emailConfirm.resend')}
        </button>
      </Form>
    </div>
  );
}
