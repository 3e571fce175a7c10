import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { deleteOwnAccount, exportStatus, requestExport } from '#app/accounts/personal-data.server.ts';
import { deletionProof } from '#app/accounts/sso.server.ts';
import { blankSessionCookie } from '#app/auth/session.server.ts';
import { PersonalDataSection } from '#app/components/personal-data-section.tsx';
import { requireSession, requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'personalData.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return { locale: context.locale, status: await exportStatus(context.services.db, user.id), proof: await deletionProof(context) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireSession(request, context);
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'export':
      await requestExport(context, user.id);
      return redirect('/konto#personuppgifter');
    case 'delete': {
      const result = await deleteOwnAccount(context, formData);
      if (!result.ok) return data({ errors: result.errors }, { status: result.status });
      // The session row went with the account; the cookie goes too. The privacy page says what was kept.
      return redirect('/integritet?raderat=1', { headers: { 'Set-Cookie': blankSessionCookie(context.services.config.secureCookies) } });
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function PersonalData() {
  const { status, proof } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to="/konto">{t('account.title')}</Link>
      </p>
      <h1>{t('personalData.title')}</h1>
      <PersonalDataSection status={status} errors={actionData?.errors} proof={proof} />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
