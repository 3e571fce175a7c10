import { Form, Link } from '@remix-run/react';
import type { SsoFailure } from '#app/auth/oidc.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { Notice } from './ui.tsx';

export interface SsoButton {
  id: string;
  label: { sv: string; en: string };
  available: boolean;
}

/** One "Sign in with …" button per configured provider; one that cannot be reached says so instead. */
export function SsoButtons({ providers, redirectTo }: { providers: SsoButton[]; redirectTo: string }) {
  const t = useT();
  if (providers.length === 0) return null;
  return (
    <div className="sso-buttons">
      {providers.map((p) =>
        p.available ? (
          <Form key={p.id} method="post" action={`/logga-in/sso/${p.id}`} reloadDocument>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <button type="submit" className="button button--secondary">
              {t('sso.signInWith', { provider: p.label[t.locale] })}
            </button>
          </Form>
        ) : (
          <p key={p.id} className="meta">
            {t('sso.unavailable', { provider: p.label[t.locale] })}
          </p>
        ),
      )}
      <p className="meta">{t('sso.or')}</p>
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
