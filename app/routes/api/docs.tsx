import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ScrollingTable } from '#app/components/ui.tsx';
import { listInitiatives } from '#app/api/resources.server.ts';
import { API_ENDPOINTS } from '#app/api/schemas.ts';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { ANONYMOUS } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'api.title') : ''} – Samverka` }];

/** /api: the read API for people, beside /api/openapi.json for programs. The example answer is a real one, as an anonymous caller gets it. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { services } = context;
  const origin = services.config.publicUrl;
  const examplePath = '/api/v1/initiatives?limit=1';
  const example = await listInitiatives({ url: new URL(examplePath, origin), params: {}, services, actor: ANONYMOUS, origin });
  return {
    locale: context.locale,
    origin,
    examplePath,
    example: JSON.stringify(example, null, 2),
    limits: { ip: services.config.API_RATE_LIMIT_IP, token: services.config.API_RATE_LIMIT_TOKEN },
    endpoints: API_ENDPOINTS.map((e) => ({ path: e.path, operationId: e.operationId, params: [...Object.keys(e.pathParams ?? {}), ...Object.keys(e.query.shape)] })),
  };
}

export default function ApiDocs() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page prose-page">
      <h1>{t('api.title')}</h1>
      <p className="lead">{t('api.lead')}</p>
      <p>
        <a href="/api/openapi.json">{t('api.spec')}</a>
      </p>

      <section aria-labelledby="api-start">
        <h2 id="api-start">{t('api.start.title')}</h2>
        <p>{t('api.start.body')}</p>
        <pre className="code-block">
          <code>{`curl '${d.origin}/api/v1/initiatives?tema=work&limit=2'`}</code>
        </pre>
        <h3>{t('api.example.title')}</h3>
        <p className="meta">
          <code>GET {d.examplePath}</code>
        </p>
        <pre className="code-block" tabIndex={0}>
          <code>{d.example}</code>
        </pre>
      </section>

      {/* Not a landmark itself: the scrolling table inside is one, named by the same heading. */}
      <section>
        <h2 id="api-endpoints">{t('api.endpoints.title')}</h2>
        <ScrollingTable labelledBy="api-endpoints">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('api.endpoints.path')}</th>
                <th scope="col">{t('api.endpoints.what')}</th>
                <th scope="col">{t('api.endpoints.params')}</th>
              </tr>
            </thead>
            <tbody>
              {d.endpoints.map((e) => (
                <tr key={e.operationId}>
                  <td>
                    <code>{e.path}</code>
                  </td>
                  <td>{t(`api.op.${e.operationId}` as MessageKey)}</td>
                  <td>{e.params.map((p) => <code key={p}>{p} </code>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      </section>

      <section aria-labelledby="api-paging">
        <h2 id="api-paging">{t('api.paging.title')}</h2>
        <p>{t('api.paging.body')}</p>
      </section>

      <section aria-labelledby="api-tokens">
        <h2 id="api-tokens">{t('api.tokens.title')}</h2>
        <p>{t('api.tokens.body')}</p>
        <pre className="code-block">
          <code>{`curl -H 'Authorization: Bearer svk_…' '${d.origin}/api/v1/initiatives'`}</code>
        </pre>
        <p>
          <Link to="/konto/api-nycklar">{t('api.tokens.link')}</Link>
        </p>
      </section>

      <section aria-labelledby="api-errors">
        <h2 id="api-errors">{t('api.errors.title')}</h2>
        <p>{t('api.errors.body')}</p>
        <p>{t('api.errors.limits', d.limits)}</p>
        <p>{t('api.licence')}</p>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
