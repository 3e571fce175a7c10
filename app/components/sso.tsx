import { Form, Link } from '@remix-run/react';
import type { SsoFailure } from '#app/auth/oidc.server.ts';
import { formatDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { Notice } from './ui.tsx';

export interface SsoButton {
  id: string;
  label: { sv: string; en: string };
  available: boolean;
}

/**
 * One "Sign in with …" button per configured provider; one that cannot be reached says so instead. `then` adds the
 * line that leads on to the password form; `primary` makes the buttons the page's main action.
 */
export function SsoButtons({ providers, redirectTo, then, primary = false }: { providers: SsoButton[]; redirectTo: string; then?: 'signIn' | 'signUp'; primary?: boolean }) {
  const t = useT();
  if (providers.length === 0) return null;
  return (
    <div className="sso-buttons">
      {providers.map((p) =>
        p.available ? (
          <Form key={p.id} method="post" action={`/logga-in/sso/${p.id}`} reloadDocument>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <button type="submit" className={primary ? 'button' : 'button button--secondary'}>
              {t('sso.signInWith', { provider: p.label[t.locale] })}
            </button>
          </Form>
        ) : (
          <p key={p.id} className="meta">
            {t('sso.unavailable', { provider: p.label[t.locale] })}
          </p>
        ),
      )}
      {then ? <p>{t(then === 'signIn' ? 'sso.orSignIn' : 'sso.orSignUp')}</p> : null}
    </div>
  );
}

/** The page every failed single sign-on lands on: what happened, and the way back. */
export function SsoProblem({ failure, provider, linking }: { failure: SsoFailure; provider: { sv: string; en: string }; linking: boolean }) {
  const t = useT();
  const name = provider[t.locale];
  return (
    <div className="container page page--narrow">
      <h1>{t('sso.problem.title', { provider: name })}</h1>
      <Notice tone="warning">{t(`sso.problem.${failure}`, { provider: name })}</Notice>
      <p>{linking ? <Link to="/konto">{t('sso.problem.backToAccount')}</Link> : <Link to="/logga-in">{t('sso.problem.back')}</Link>}</p>
    </div>
  );
}

/** The account page's list of linked sign-ins, with link and unlink. */
export function LinkedSignIns({
  identities,
  providers,
  hasPassword,
  unlink,
}: {
  identities: { id: string; providerId: string; label: { sv: string; en: string }; email: string | null; linkedAt: string; lastUsedAt: string | null }[];
  providers: { id: string; label: { sv: string; en: string } }[];
  hasPassword: boolean;
  unlink: 'unlinked' | 'lastWayIn' | null;
}) {
  const t = useT();
  const date = (iso: string) => formatDate(iso, t.locale);
  const linkedProviders = new Set(identities.map((i) => i.providerId));
  return (
    <section aria-labelledby="linked-sign-ins" className="panel">
      <h2 id="linked-sign-ins">{t('sso.account.title')}</h2>
      <p>{t('sso.account.lead')}</p>
      {unlink === 'unlinked' ? <Notice tone="success">{t('sso.account.unlinkedNotice')}</Notice> : null}
      {unlink === 'lastWayIn' ? <Notice tone="warning">{t('sso.account.lastWayIn')}</Notice> : null}
      {hasPassword ? null : <p>{t('sso.account.noPassword')}</p>}
      {identities.length === 0 ? <p>{t('sso.account.none')}</p> : null}
      <ul className="card-list">
        {identities.map((i) => (
          <li key={i.id} className="card">
            <strong>{i.label[t.locale]}</strong>
            {i.email ? ` (${i.email})` : null}
            <p className="meta">
              {t('sso.account.linked', { linkedAt: date(i.linkedAt) })}
              {i.lastUsedAt ? `, ${t('sso.account.lastUsed', { lastUsedAt: date(i.lastUsedAt) })}` : null}
            </p>
            {/* The last way in of an account without a password: say so instead of offering a button that would refuse. */}
            {!hasPassword && identities.length === 1 ? (
              <p className="meta">{t('sso.account.lastWayIn')}</p>
            ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="sso-unlink" />
              <input type="hidden" name="identityId" value={i.id} />
              <button type="submit" className="button button--secondary">
                {t('sso.account.unlink', { provider: i.label[t.locale] })}
              </button>
            </Form>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        {providers
          .filter((p) => !linkedProviders.has(p.id))
          .map((p) => (
            <Form key={p.id} method="post" action={`/logga-in/sso/${p.id}`} reloadDocument>
              <input type="hidden" name="link" value="1" />
              <button type="submit" className="button button--secondary">
                {t('sso.account.link', { provider: p.label[t.locale] })}
              </button>
            </Form>
          ))}
      </div>
    </section>
  );
}
