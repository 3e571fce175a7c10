import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'auth.signUp.sentTitle') : ''} – Samverka` }];

/** Where every valid sign-up lands, new address or not: it says nothing about whether an account existed. */
export function loader({ context }: LoaderFunctionArgs) {
  return { locale: context.locale };
}

export default function SignUpSent() {
  const t = useT();
  return (
    <div className="container page page--narrow">
      <h1>{t('auth.signUp.sentTitle')}</h1>
      <p className="lead">{t('auth.signUp.sentLead')}</p>
      <p>{t('auth.signUp.sentHint')}</p>
      <p>
        <Link to="/logga-in">{t('nav.signIn')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
