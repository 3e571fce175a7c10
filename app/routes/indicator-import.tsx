import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { Notice } from '../components/ui.tsx';
import { assertAllowed, requireUser } from '../context.server.ts';
import type { ImportProblem } from '../indicators/parse.ts';
import { commitImport, previewImport, type ImportPreview } from '../indicators/import.server.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { canImportIndicators } from '../policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'import.title') : ''} – Samverka` }];

async function requireImporter(request: Request, context: LoaderFunctionArgs['context']) {
  const user = requireUser(request, context);
  assertAllowed(canImportIndicators(await context.actor()));
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireImporter(request, context);
  return { locale: context.locale };
}

type ActionData =
  | { step: 'problems'; problems: ImportProblem[]; fieldErrors: Partial<Record<string, MessageKey>> }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'done'; changed: number; rows: number };

/** Two steps: a multipart upload gives a preview; confirming the draft commits it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireImporter(request, context);
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const result = await previewImport(context, user.id, request);
    if (!result.ok) return data<ActionData>({ step: 'problems', problems: result.problems, fieldErrors: result.fieldErrors ?? {} }, { status: result.status });
    return data<ActionData>({ step: 'preview', preview: result.preview });
  }
  const form = await request.formData();
  const result = await commitImport(context, user.id, String(form.get('draftId') ?? ''));
  if (!result.ok) return data<ActionData>({ step: 'problems', problems: result.problems, fieldErrors: {} }, { status: result.status });
  return data<ActionData>({ step: 'done', changed: result.changed, rows: result.rows });
}

export default function IndicatorImport() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const problemText = (p: ImportProblem) => {
    const where = p.line !== null && p.column ? t('import.problemAt', { line: p.line, column: p.column }) : p.line !== null ? t('import.problemAtLine', { line: p.line }) : '';
    const hint = p.code === 'encoding' && p.params?.hint ? ` ${t('import.problem.encodingHint')}` : '';
    return `${where} ${t(`import.problem.${p.code}` as MessageKey, p.params)}${hint}`.trim();
  };
  const fieldErrors = actionData?.step === 'problems' ? actionData.fieldErrors : {};
  return (
    <div className="container page">
      <p>
        <Link to="/statistik">← {t('stats.title')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      {actionData?.step === 'done' ? (
        <Notice tone="success">{actionData.changed > 0 ? t('import.done', { changed: actionData.changed }) : t('import.doneNothing')}</Notice>
      ) : null}
      {actionData?.step === 'preview' ? (
        <section aria-labelledby="preview-title" className="panel">
          <h2 id="preview-title">{t('import.preview')}</h2>
          <p>
            {t('import.previewSummary', {
              rows: actionData.preview.rows,
              indicators: actionData.preview.indicators.length,
              areas: actionData.preview.areas,
              from: actionData.preview.periods[0],
              to: actionData.preview.periods[1],
              changes: actionData.preview.changes,
            })}
          </p>
          {actionData.preview.changes === 0 ? <Notice>{t('import.nothingChanges')}</Notice> : null}
          <table className="table">
            <caption className="visually-hidden">{t('import.preview')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.indicator')}</th>
                <th scope="col">{t('filter.area')}</th>
                <th scope="col">{t('chart.period')}</th>
                <th scope="col">{t('history.field')}</th>
              </tr>
            </thead>
            <tbody>
              {actionData.preview.sample.map((r) => (
                <tr key={r.line}>
                  <td>{r.indicatorCode}</td>
                  <td>{r.areaCode}</td>
                  <td>
                    {r.period}
                    {r.breakdown ? ` (${r.breakdown})` : ''}
                  </td>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post" className="actions">
            <input type="hidden" name="draftId" value={actionData.preview.draftId} />
            <button type="submit" className="button">
              {t('import.commit')}
            </button>
            <Link to="/statistik/import">{t('import.cancel')}</Link>
          </Form>
        </section>
      ) : (
        <>
          <p className="lead">{t('import.lead')}</p>
          {actionData?.step === 'problems' && actionData.problems.length > 0 ? (
            <div className="error-summary" role="alert" aria-labelledby="problems-title" tabIndex={-1}>
              <h2 id="problems-title">{t('import.problems')}</h2>
              <ul>
                {actionData.problems.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="form">
            <div className={`field${fieldErrors.file ? ' field--invalid' : ''}`}>
              <label htmlFor="field-file">{t('import.file')}</label>
              {fieldErrors.file ? (
                <p id="field-file-error" className="field__error">
                  {t(fieldErrors.file)}
                </p>
              ) : null}
              <input id="field-file" type="file" name="file" accept=".csv,.txt,.json,text/csv,application/json" aria-describedby={fieldErrors.file ? 'field-file-error' : undefined} />
            </div>
            <div className={`field${fieldErrors.source ? ' field--invalid' : ''}`}>
              <label htmlFor="field-source">{t('import.source')}</label>
              <p id="field-source-hint" className="field__hint">
                {t('import.sourceHint')}
              </p>
              {fieldErrors.source ? (
                <p id="field-source-error" className="field__error">
                  {t(fieldErrors.source, { max: 300 })}
                </p>
              ) : null}
              <input id="field-source" name="source" maxLength={300} aria-describedby={fieldErrors.source ? 'field-source-hint field-source-error' : 'field-source-hint'} />
            </div>
            <div className={`field${fieldErrors.retrievedAt ? ' field--invalid' : ''}`}>
              <label htmlFor="field-retrievedAt">{t('import.retrievedAt')}</label>
              {fieldErrors.retrievedAt ? (
                <p id="field-retrievedAt-error" className="field__error">
                  {t(fieldErrors.retrievedAt)}
                </p>
              ) : null}
              <input id="field-retrievedAt" name="retrievedAt" type="date" aria-describedby={fieldErrors.retrievedAt ? 'field-retrievedAt-error' : undefined} />
            </div>
            <button type="submit" className="button">
              {t('import.check')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
