import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { createApiToken, listApiTokens, MAX_ACTIVE_TOKENS, revokeApiToken, TOKEN_LIFETIMES_DAYS } from '#app/api/tokens.server.ts';
import { Badge, ErrorSummary, Field, Notice, ScrollingTable, SelectField } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { fieldError, type FieldErrors } from '#app/forms/validation.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';
import { translate } from '#app/i18n/index.ts';
import { formatDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'apiTokens.title') : ''} – Samverka` }];

/** konto/api-nycklar: personal access tokens for the read API, created (shown once) and revoked here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const tokens = await listApiTokens(context.services.db, user.id);
  const now = Date.now();
  return {
    locale: context.locale,
    lifetimes: TOKEN_LIFETIMES_DAYS,
    tokens: tokens.map((tk) => ({
      id: tk.id,
      name: tk.name,
      createdAt: tk.createdAt.toISOString(),
      expiresAt: tk.expiresAt.toISOString(),
      lastUsedAt: tk.lastUsedAt?.toISOString() ?? null,
      state: tk.revokedAt ? ('revoked' as const) : tk.expiresAt.getTime() <= now ? ('expired' as const) : ('active' as const),
    })),
  };
}

type ActionResult = { intent: 'create' | 'revoke'; errors?: FieldErrors; created?: { name: string; secret: string }; revoked?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const { db } = context.services;
  switch (form.get('intent')) {
    case 'create': {
      const name = String(form.get('name') ?? '').trim();
      const lifetime = Number(form.get('lifetime'));
      const errors: FieldErrors = {};
      if (name.length === 0 || name.length > 80) errors.name = fieldError('apiTokens.error.name');
      if (!(TOKEN_LIFETIMES_DAYS as readonly number[]).includes(lifetime)) errors.lifetime = fieldError('apiTokens.error.lifetime');
      const active = (await listApiTokens(db, user.id)).filter((tk) => !tk.revokedAt && tk.expiresAt.getTime() > Date.now()).length;
      if (active >= MAX_ACTIVE_TOKENS) errors.name = fieldError('apiTokens.error.tooMany', { max: MAX_ACTIVE_TOKENS });
      if (Object.keys(errors).length > 0) return data<ActionResult>({ intent: 'create', errors }, { status: 400 });
      const { secret } = await createApiToken(db, { userId: user.id, name, lifetimeDays: lifetime, ip: context.ip });
      // Shown once, in this answer only: nothing keeps the secret but its hash.
      return data<ActionResult>({ intent: 'create', created: { name, secret } }, { headers: { 'Cache-Control': 'no-store' } });
    }
    case 'revoke': {
      const tokenId = requireUuid(form.get('tokenId'), 'tokenId');
      const revoked = await revokeApiToken(db, { userId: user.id, tokenId, ip: context.ip });
      if (!revoked) return data<ActionResult>({ intent: 'revoke', errors: { tokenId: fieldError('apiTokens.error.notFound') } }, { status: 404 });
      return data<ActionResult>({ intent: 'revoke', revoked: true });
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function ApiTokens() {
  const { tokens, lifetimes } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const fmt = (iso: string) => formatDate(iso, t.locale);
  const createErrors = answer?.intent === 'create' ? answer.errors : undefined;
  return (
    <div className="container page">
      <p>
        <Link to="/konto">← {t('account.title')}</Link>
      </p>
      <h1>{t('apiTokens.title')}</h1>
      <p className="lead">{t('apiTokens.lead')}</p>
      <p>
        <Link to="/api">{t('apiTokens.docs')}</Link>
      </p>

      {answer?.created ? (
        <section aria-labelledby="token-created" className="panel">
          <h2 id="token-created">{t('apiTokens.created.title')}</h2>
          <Notice tone="warning">{t('apiTokens.created.body')}</Notice>
          <p>
            <strong>{answer.created.name}</strong>
          </p>
          <pre className="code-block code-block--wrap" tabIndex={0} aria-label={t('apiTokens.created.title')}>
            <code>{answer.created.secret}</code>
          </pre>
        </section>
      ) : null}
      {answer?.revoked ? <Notice tone="success">{t('apiTokens.revoked')}</Notice> : null}
      {answer?.intent === 'revoke' && answer.errors ? <ErrorSummary errors={answer.errors} /> : null}

      {/* Not a landmark itself: the scrolling table inside is one, named by the same heading (two would repeat the name). */}
      <section>
        <h2 id="token-list">{t('apiTokens.list.title')}</h2>
        {tokens.length === 0 ? (
          <p>{t('apiTokens.list.empty')}</p>
        ) : (
          <ScrollingTable labelledBy="token-list">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('apiTokens.list.name')}</th>
                  <th scope="col">{t('apiTokens.list.created')}</th>
                  <th scope="col">{t('apiTokens.list.expires')}</th>
                  <th scope="col">{t('apiTokens.list.lastUsed')}</th>
                  <th scope="col">{t('apiTokens.list.state')}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr key={tk.id}>
                    <td>{tk.name}</td>
                    <td>{fmt(tk.createdAt)}</td>
                    <td>{fmt(tk.expiresAt)}</td>
                    <td>{tk.lastUsedAt ? fmt(tk.lastUsedAt) : t('apiTokens.list.never')}</td>
                    <td>
                      <Badge tone={tk.state === 'active' ? 'success' : 'neutral'}>{t(`apiTokens.state.${tk.state}`)}</Badge>
                    </td>
                    <td>
                      {tk.state === 'active' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="tokenId" value={tk.id} />
                          <button type="submit" className="button button--secondary">
                            {t('apiTokens.revoke')}
                            <span className="visually-hidden"> {tk.name}</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollingTable>
        )}
      </section>

      <section aria-labelledby="token-create" className="panel">
        <h2 id="token-create">{t('apiTokens.create.title')}</h2>
        <ErrorSummary errors={createErrors} />
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <Field name="name" label="apiTokens.create.name" hint="apiTokens.create.nameHint" error={createErrors?.name} maxLength={80} required />
          <SelectField
            name="lifetime"
            label="apiTokens.create.lifetime"
            error={createErrors?.lifetime}
            defaultValue="90"
            options={lifetimes.map((days) => ({ value: String(days), label: t('apiTokens.create.days', { days }) }))}
          />
          <button type="submit" className="button">
            {t('apiTokens.create.submit')}
          </button>
        </Form>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
