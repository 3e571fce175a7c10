import { Form, Link } from '@remix-run/react';
import type { DeletionProof } from '../accounts/sso.server.ts';
import type { FieldErrors } from '../forms/validation.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useT } from '../i18n/use-t.ts';
import { ErrorSummary, Field, Notice } from './ui.tsx';

export interface PersonalDataStatus {
  state: 'none' | 'pending' | 'ready';
  id: string | null;
  expiresAt: string | null;
}

/**
 * "Download my data" and "Delete my account", on the account page and on
 * /konto/personuppgifter (where the forms post, and where errors are shown).
 */
export function PersonalDataSection({ status, errors, proof = { kind: 'password' } }: { status: PersonalDataStatus; errors?: FieldErrors; proof?: DeletionProof }) {
  const t = useT();
  const until = status.expiresAt ? formatDateTime(status.expiresAt, t.locale, 'long') : '';
  return (
    <section aria-labelledby="personal-data" className="panel" id="personuppgifter">
      <h2 id="personal-data">{t('personalData.title')}</h2>
      <p>
        {t('personalData.lead')} <Link to="/integritet">{t('personalData.privacyLink')}</Link>
      </p>

      <h3>{t('personalData.export.title')}</h3>
      <p>{t('personalData.export.lead')}</p>
      {status.state === 'pending' ? <Notice>{t('personalData.export.pending')}</Notice> : null}
      {status.state === 'ready' && status.id ? (
        <>
          <p>{t('personalData.export.ready', { until })}</p>
          <p>
            <a href={`/konto/personuppgifter/export/${status.id}`} download>
              {t('personalData.export.download')}
            </a>
          </p>
        </>
      ) : null}
      <Form method="post" action="/konto/personuppgifter">
        <input type="hidden" name="intent" value="export" />
        <button type="submit" className="button button--secondary">
          {t(status.state === 'none' ? 'personalData.export.request' : 'personalData.export.again')}
        </button>
      </Form>

      <h3>{t('personalData.delete.title')}</h3>
      <p>{t('personalData.delete.lead')}</p>
      <ErrorSummary errors={errors} fieldIds={{ password: 'field-delete-password' }} />
      {proof.kind === 'reauthenticate' ? (
        // No password to confirm with: a new sign-in through the provider comes back here, and then counts for ten minutes.
        <>
          <p>{t('sso.delete.reauthenticate')}</p>
          {proof.providers.map((p) => (
            <Form key={p.id} method="post" action={`/logga-in/sso/${p.id}`} reloadDocument>
              <input type="hidden" name="redirectTo" value="/konto#personuppgifter" />
              <button type="submit" className="button button--secondary">
                {t('sso.delete.reauthenticateButton', { provider: p.label[t.locale] })}
              </button>
            </Form>
          ))}
        </>
      ) : (
        <Form method="post" action="/konto/personuppgifter" className="form" noValidate>
          <input type="hidden" name="intent" value="delete" />
          {proof.kind === 'password' ? (
            <Field
              name="password"
              id="field-delete-password"
              label="auth.field.password"
              type="password"
              autoComplete="current-password"
              required
              hint="personalData.delete.passwordHint"
              error={errors?.password}
            />
          ) : (
            <p>{t('sso.delete.freshSignIn', { provider: proof.provider[t.locale] })}</p>
          )}
          <button type="submit" className="button button--danger">
            {t('personalData.delete.confirm')}
          </button>
        </Form>
      )}
    </section>
  );
}
