import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { FieldFrame, fieldDescribedBy, Notice } from '#app/components/ui.tsx';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import type { DistrictsResult } from '#app/indicators/district-import.server.ts';
import { importJobView, type ImportJobView, type ImportResult } from '#app/indicators/import-commit.server.ts';
import { commitImport, importKindOf, previewImport, type DistrictsPreview, type ImportKind, type ImportPreview, type ValuesPreview } from '#app/indicators/import.server.ts';
import type { ImportProblem } from '#app/indicators/parse.ts';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { formatDateTime, formatNumber } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canImportIndicators } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';
import { listIndicators } from '#db/queries/indicators.server.ts';
import { areas } from '#db/schema/index.server.ts';
import { eq } from 'drizzle-orm';
import { SourceError } from '#app/indicators/sources/http.ts';
import { searchKpis, type KoladaKpi } from '#app/indicators/sources/kolada.ts';
import { previewFromSource, type SourceField } from '#app/indicators/sources/source-form.server.ts';
import { fetchScbMetadata, SCB_TABLE_RE, type ScbTableMetadata } from '#app/indicators/sources/scb.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'import.title') : ''} – Samverka` }];

/** Districts are imported by the same people as indicator values: one rule, canImportIndicators. */
async function requireImporter(request: Request, context: LoaderFunctionArgs['context']) {
  const user = requireUser(request, context);
  assertAllowed(canImportIndicators(await context.actor()));
  return user;
}

/** `?jobb=<id>`: a large import committing in the background, for the person who started it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireImporter(request, context);
  const param = new URL(request.url).searchParams.get('jobb');
  let job: { id: number; view: ImportJobView } | null = null;
  if (param !== null) {
    const id = /^\d{1,15}$/.test(param) ? Number(param) : 0;
    const view = id > 0 ? await importJobView(context.services.db, id, user.id) : null;
    if (!view) notFound();
    job = { id, view };
  }
  // The source form: the catalogue, the län, and Kolada's KPIs for `?kolada=<words or id>`.
  const { db, config } = context.services;
  const catalogue = (await listIndicators(db)).map((i) => ({ code: i.code, name: context.locale === 'sv' ? i.nameSv : i.nameEn }));
  const counties = await db.select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.kind, 'county')).orderBy(areas.code);
  const words = (new URL(request.url).searchParams.get('kolada') ?? '').trim().slice(0, 100);
  let kpis: { query: string; found: KoladaKpi[]; error: string | null } | null = null;
  if (words) {
    try {
      kpis = { query: words, found: (await searchKpis(config.KOLADA_API_URL, words, { timeoutMs: 10_000 })).slice(0, 50), error: null };
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      kpis = { query: words, found: [], error: error.reason };
    }
  }
  // `?scb=<table id>`: the table's variables from SCB, so the editor picks regions, years and contents by name.
  const tableParam = (new URL(request.url).searchParams.get('scb') ?? '').trim().slice(0, 40);
  let scb: { table: string; metadata: ScbTableMetadata | null; error: string | null; periods?: string; example?: string } | null = null;
  if (tableParam) {
    if (!SCB_TABLE_RE.test(tableParam)) scb = { table: tableParam, metadata: null, error: 'table-format' };
    else {
      try {
        scb = { table: tableParam, metadata: await fetchScbMetadata(config.SCB_API_URL, tableParam, { timeoutMs: 10_000 }), error: null };
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        scb = { table: tableParam, metadata: null, error: error.reason };
        // A table in months or quarters: which, and one of its codes, so the page can say so.
        if (error.reason === 'not-yearly') scb = { ...scb, periods: String(error.params.periods), example: String(error.params.example) };
      }
    }
  }
  return { locale: context.locale, job, catalogue, counties, kpis, scb };
}

type ActionData =
  | { step: 'problems'; kind: ImportKind; problems: ImportProblem[]; fieldErrors: Partial<Record<string, MessageKey>> }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'source-problems'; api: 'kolada' | 'scb'; fieldErrors: Partial<Record<SourceField, MessageKey>>; sourceError: { reason: string; params: Record<string, string | number> } | null; problems: ImportProblem[] }
  | { step: 'done'; kind: 'values'; result: ImportResult }
  | { step: 'done'; kind: 'districts'; result: DistrictsResult };

/** Two steps: a multipart upload gives a preview; confirming the draft commits it (large value files as a job). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireImporter(request, context);
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const result = await previewImport(context, user.id, request);
    if (!result.ok) return data<ActionData>({ step: 'problems', kind: result.kind, problems: result.problems, fieldErrors: result.fieldErrors ?? {} }, { status: result.status });
    return data<ActionData>({ step: 'preview', preview: result.preview });
  }
  const form = await readForm(request);
  if (form.get('intent') === 'source') {
    const fetched = await previewFromSource(context, user.id, form);
    if (fetched.ok) return data<ActionData>({ step: 'preview', preview: fetched.preview });
    const api = form.get('api') === 'scb' ? 'scb' : 'kolada';
    const sourceError = 'sourceError' in fetched ? (fetched.sourceError ?? null) : null;
    return data<ActionData>({ step: 'source-problems', api, fieldErrors: (fetched.fieldErrors ?? {}) as Partial<Record<SourceField, MessageKey>>, sourceError, problems: fetched.problems }, { status: fetched.status });
  }
  const result = await commitImport(context, user.id, { draftId: String(form.get('draftId') ?? ''), kind: importKindOf(form.get('kind')) });
  if (!result.ok) return data<ActionData>({ step: 'problems', kind: result.kind, problems: result.problems, fieldErrors: {} }, { status: result.status });
  if (result.kind === 'job') throw redirect(`/statistik/import?jobb=${result.jobId}`);
  if (result.kind === 'districts') return data<ActionData>({ step: 'done', kind: 'districts', result: result.result });
  return data<ActionData>({ step: 'done', kind: 'values', result: result.result });
}

const COLUMN_LABELS: Record<string, MessageKey> = {
  indicator: 'import.column.indicator',
  area: 'import.column.area',
  period: 'import.column.period',
  value: 'import.column.value',
  breakdown: 'import.column.breakdown',
  code: 'import.column.code',
  name: 'import.column.name',
  municipality: 'import.column.municipality',
};

/** The header a file of this kind starts with, for the missing-header problem. */
const EXPECTED_HEADER: Record<ImportKind, string> = { values: 'indikator;område;period;värde', districts: 'kod;namn;kommun' };

type T = ReturnType<typeof useT>;

/** Counts as the reader writes them: "20 881" in Swedish, "20,881" in English. */
const count = (t: T, n: number) => formatNumber(n, t.locale);

function problemText(t: T, kind: ImportKind, p: ImportProblem): string {
  const column = p.column ? (COLUMN_LABELS[p.column] ? t(COLUMN_LABELS[p.column]!) : p.column) : '';
  const where = p.line !== null && column ? t('import.problemAt', { line: p.line, column }) : p.line !== null ? t('import.problemAtLine', { line: p.line }) : '';
  const hint = p.code === 'encoding' && p.params?.hint ? ` ${t('import.problem.encodingHint')}` : '';
  const params = { column, expected: EXPECTED_HEADER[kind], ...p.params };
  return `${where} ${t(`import.problem.${p.code}` as MessageKey, params)}${hint}`.trim();
}

function Problems({ kind, problems }: { kind: ImportKind; problems: ImportProblem[] }) {
  const t = useT();
  return (
    <div className="error-summary" role="alert" aria-labelledby="problems-title" tabIndex={-1}>
      <h2 id="problems-title">{t('import.problems')}</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{problemText(t, kind, p)}</li>
        ))}
      </ul>
    </div>
  );
}

export default function IndicatorImport() {
  const { job } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to="/statistik">← {t('stats.title')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      {job ? (
        <JobStatus id={job.id} view={job.view} />
      ) : actionData?.step === 'preview' ? (
        actionData.preview.kind === 'districts' ? (
          <DistrictsPreviewPanel preview={actionData.preview} />
        ) : (
          <ValuesPreviewPanel preview={actionData.preview} />
        )
      ) : (
        <>
          {actionData?.step === 'done' && actionData.kind === 'values' ? <ValuesDone result={actionData.result} /> : null}
          {actionData?.step === 'done' && actionData.kind === 'districts' ? <DistrictsDone result={actionData.result} /> : null}
          <UploadForm problems={actionData?.step === 'problems' ? actionData : null} />
          <SourceForm problems={actionData?.step === 'source-problems' ? actionData : null} />
        </>
      )}
    </div>
  );
}

function UploadForm({ problems }: { problems: { kind: ImportKind; problems: ImportProblem[]; fieldErrors: Partial<Record<string, MessageKey>> } | null }) {
  const t = useT();
  const fieldErrors = problems?.fieldErrors ?? {};
  const kind = problems?.kind ?? 'values';
  return (
    <>
      <p className="lead">{t('import.lead')}</p>
      <p>
        <a href="/statistik/import/mall.csv" download>
          {t('import.template')}
        </a>{' '}
        ·{' '}
        <a href="/statistik/import/exempel.csv" download>
          {t('import.example')}
        </a>
      </p>
      {problems && problems.problems.length > 0 ? <Problems kind={problems.kind} problems={problems.problems} /> : null}
      <Form method="post" encType="multipart/form-data" className="form">
        <fieldset className="choice-group">
          <legend>{t('import.kind')}</legend>
          <div className="choice-group__options">
            {(['values', 'districts'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} defaultChecked={k === kind} />
                <span>
                  {t(`import.kind.${k}`)}
                  <span className="choice__description">{t(`import.kind.${k}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <FieldFrame id="field-file" label={t('import.file')} error={fieldErrors.file ? t(fieldErrors.file) : undefined}>
          <input id="field-file" type="file" name="file" accept=".csv,.txt,.json,text/csv,application/json" aria-describedby={fieldDescribedBy('field-file', false, !!fieldErrors.file)} />
        </FieldFrame>
        <FieldFrame id="field-source" label={t('import.source')} hint={t('import.sourceHint')} error={fieldErrors.source ? t(fieldErrors.source, { max: 300 }) : undefined}>
          <input id="field-source" name="source" maxLength={300} aria-describedby={fieldDescribedBy('field-source', true, !!fieldErrors.source)} />
        </FieldFrame>
        <FieldFrame id="field-retrievedAt" label={t('import.retrievedAt')} error={fieldErrors.retrievedAt ? t(fieldErrors.retrievedAt) : undefined}>
          <input id="field-retrievedAt" name="retrievedAt" type="date" aria-describedby={fieldDescribedBy('field-retrievedAt', false, !!fieldErrors.retrievedAt)} />
        </FieldFrame>
        <button type="submit" className="button">
          {t('import.check')}
        </button>
      </Form>
    </>
  );
}

function CommitForm({ draftId, kind }: { draftId: string; kind: ImportKind }) {
  const t = useT();
  return (
    <Form method="post" className="actions">
      <input type="hidden" name="draftId" value={draftId} />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" className="button">
        {t('import.commit')}
      </button>
      <Link to="/statistik/import">{t('import.cancel')}</Link>
    </Form>
  );
}

type PreviewTable = {
  caption: string;
  /** The values preview names its table by the panel's heading already; the districts preview says what the rows are. */
  captionHidden?: boolean;
  columns: { label: string; numeric?: boolean }[];
  rows: { key: string | number; cells: ReactNode[] }[];
};

/** The one preview both kinds of file get: a summary, notices, a sample table (none when nothing would change) and the commit form. */
function PreviewPanel({ kind, draftId, summary, notices, table }: { kind: ImportKind; draftId: string; summary: string; notices: ReactNode; table: PreviewTable | null }) {
  const t = useT();
  return (
    <section aria-labelledby="preview-title" className="panel">
      <h2 id="preview-title">{t('import.preview')}</h2>
      <p>{summary}</p>
      {notices}
      {table ? (
        <table className="table">
          <caption className={table.captionHidden ? 'visually-hidden' : undefined}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? 'numeric' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.key}>
                {r.cells.map((cell, i) => (
                  <td key={i} className={table.columns[i]?.numeric ? 'numeric' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CommitForm draftId={draftId} kind={kind} />
    </section>
  );
}

function ValuesPreviewPanel({ preview }: { preview: ValuesPreview }) {
  const t = useT();
  const summary = t('import.previewSummary', {
    rows: preview.rows,
    indicators: preview.indicators.length,
    areas: preview.areas,
    from: preview.periods[0],
    to: preview.periods[1],
    changes: preview.changes,
  });
  const notices = (
    <>
      {preview.changes === 0 ? <Notice>{t('import.nothingChanges')}</Notice> : null}
      {preview.inBackground ? <Notice>{t('import.inBackground')}</Notice> : null}
      {preview.requestUrls.length > 0 ? <p className="meta">{t('import.api.sourceCredit', { source: preview.source, at: formatDateTime(new Date(), t.locale) })}</p> : null}
    </>
  );
  const columns = [
    { label: t('import.column.indicator') },
    { label: t('import.column.area') },
    { label: t('import.column.period') },
    { label: t('import.column.breakdown') },
    { label: t('import.column.value'), numeric: true },
  ];
  const rows = preview.sample.map((r) => {
    const info = preview.indicatorInfo[r.indicatorCode];
    return {
      key: r.line,
      cells: [
        <>
          {info ? (t.locale === 'sv' ? info.nameSv : info.nameEn) : r.indicatorCode} <span className="meta">({r.indicatorCode})</span>
        </>,
        <>
          {preview.areaNames[r.areaCode] ?? r.areaCode} <span className="meta">({r.areaCode})</span>
        </>,
        r.period,
        r.breakdown || t('import.breakdownTotal'),
        formatNumber(r.value, t.locale, { min: info?.decimals ?? 0, max: info?.decimals ?? 6 }),
      ],
    };
  });
  return <PreviewPanel kind="values" draftId={preview.draftId} summary={summary} notices={notices} table={{ caption: t('import.preview'), captionHidden: true, columns, rows }} />;
}

function DistrictsPreviewPanel({ preview }: { preview: DistrictsPreview }) {
  const t = useT();
  const nothing = preview.added + preview.renamed === 0;
  const table: PreviewTable = {
    caption: t('import.districts.changes'),
    columns: [{ label: t('import.column.code') }, { label: t('import.column.name') }, { label: t('import.column.municipality') }, { label: t('import.districts.now') }],
    rows: preview.sample.map((r) => ({ key: r.code, cells: [r.code, r.name, r.municipalityCode, r.previousName ?? t('import.districts.new')] })),
  };
  return (
    <PreviewPanel
      kind="districts"
      draftId={preview.draftId}
      summary={t('import.districts.summary', { rows: preview.rows, municipalities: preview.municipalities, added: preview.added, renamed: preview.renamed })}
      notices={nothing ? <Notice>{t('import.districts.nothingChanges')}</Notice> : null}
      table={nothing ? null : table}
    />
  );
}

function ValuesDone({ result }: { result: ImportResult }) {
  const t = useT();
  return (
    <section aria-labelledby="done-title" className="panel">
      <h2 id="done-title">{t('import.doneTitle')}</h2>
      <Notice tone="success">{result.changed > 0 ? t('import.done', { changed: result.changed, rows: result.rows }) : t('import.doneNothing')}</Notice>
      <dl className="facts">
        <dt>{t('import.result.rows')}</dt>
        <dd>{count(t, result.rows)}</dd>
        <dt>{t('import.result.changed')}</dt>
        <dd>{count(t, result.changed)}</dd>
        <dt>{t('import.source')}</dt>
        <dd>{result.source}</dd>
        <dt>{t('import.retrievedAt')}</dt>
        <dd>{result.retrievedAt ?? '–'}</dd>
        <dt>{t('import.result.file')}</dt>
        <dd>
          {result.fileName}
          <br />
          <code className="provenance" title={result.fileSha256}>
            SHA-256 {result.fileSha256.slice(0, 16)}…
          </code>
        </dd>
      </dl>
      <p className="actions">
        <Link to="/statistik">{t('import.toStatistics')}</Link>
        <Link to="/statistik/import">{t('import.another')}</Link>
      </p>
    </section>
  );
}

function DistrictsDone({ result }: { result: DistrictsResult }) {
  const t = useT();
  return (
    <Notice tone="success">
      {result.added + result.renamed > 0 ? t('import.districts.done', { added: result.added, renamed: result.renamed, rows: result.rows }) : t('import.districts.doneNothing')}
    </Notice>
  );
}

/**
 * A background import: a progress bar while it runs, then its result. With
 * JavaScript the page revalidates every second; without, a meta refresh inside
 * <noscript> reloads it (and there is a link to do so by hand).
 */
function JobStatus({ id, view }: { id: number; view: ImportJobView }) {
  const t = useT();
  const revalidator = useRevalidator();
  const running = view.state === 'running';
  const idle = revalidator.state === 'idle';
  const { revalidate } = revalidator;
  useEffect(() => {
    if (!running || !idle) return;
    const timer = window.setTimeout(revalidate, 1000);
    return () => window.clearTimeout(timer);
  }, [running, idle, revalidate, view]);

  if (view.state === 'done') return <ValuesDone result={view.result} />;
  if (view.state === 'refused') {
    return (
      <>
        {view.reason === 'draft-gone' ? <Notice tone="warning">{t('import.job.draftGone')}</Notice> : <Problems kind="values" problems={view.problems} />}
        <p>
          <Link to="/statistik/import">{t('import.another')}</Link>
        </p>
      </>
    );
  }
  if (view.state === 'failed') {
    return (
      <div className="error-summary" role="alert" aria-labelledby="failed-title" tabIndex={-1}>
        <h2 id="failed-title">{t('import.job.failed')}</h2>
        {view.error ? <p className="meta">{view.error}</p> : null}
        <p>
          <Link to="/statistik/import">{t('import.another')}</Link>
        </p>
      </div>
    );
  }
  const percent = view.total > 0 ? Math.floor((view.done / view.total) * 100) : 0;
  const text =
    view.phase === 'writing'
      ? t('import.job.writing', { done: view.done, total: view.total, percent }) : view.phase === 'checking' ? t('import.job.checking') : t('import.job.queued');
  return (
    <section aria-labelledby="job-title" className="panel">
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <h2 id="job-title">{t('import.job.title')}</h2>
      <p id="job-progress-text" role="status" aria-live="polite">
        {text}
      </p>
      {view.phase === 'writing' && view.total > 0 ? (
        <progress className="import-progress" aria-labelledby="job-progress-text" max={view.total} value={view.done}>
          {percent} %
        </progress>
      ) : (
        <progress className="import-progress" aria-labelledby="job-progress-text" />
      )}
      <p className="meta">{t('import.job.allOrNothing')}</p>
      <p>
        <Link to={`/statistik/import?jobb=${id}`} reloadDocument>
          {t('import.job.refresh')}
        </Link>
      </p>
    </section>
  );
}

/** Fetch from Kolada or SCB: the same preview and commit as a file. */
function SourceForm({ problems }: { problems: Extract<ActionData, { step: 'source-problems' }> | null }) {
  const t = useT();
  const { catalogue, counties, kpis, scb } = useLoaderData<typeof loader>();
  const errors = problems?.fieldErrors ?? {};
  const field = (name: SourceField, label: string, input: ReactNode, id = `source-${name}`) => (
    <FieldFrame id={id} label={label} error={errors[name] ? t(errors[name]!) : undefined}>
      {input}
    </FieldFrame>
  );
  const described = (name: SourceField, id = `source-${name}`) => fieldDescribedBy(id, false, !!errors[name]);
  const indicatorSelect = (withNew: boolean, id: string) => (
    <select id={id} name="indicator" aria-describedby={described('indicator', id)} defaultValue={withNew ? '__new' : ''}>
      {withNew ? <option value="__new">{t('import.api.newIndicator')}</option> : <option value="">–</option>}
      {catalogue.map((i) => (
        <option key={i.code} value={i.code}>
          {i.name} ({i.code})
        </option>
      ))}
    </select>
  );
  // Both source forms end alike: keep the settings for the next time, then fetch.
  const rememberAndFetch = (
    <>
      <label className="choice">
        <input type="checkbox" name="remember" />
        <span>{t('import.api.remember')}</span>
      </label>
      <button type="submit" className="button">
        {t('import.api.fetch')}
      </button>
    </>
  );
  return (
    <section aria-labelledby="source-title" className="panel source-panel">
      <h2 id="source-title">{t('import.api.title')}</h2>
      <p>{t('import.api.lead')}</p>
      {problems && (problems.sourceError || problems.problems.length > 0) ? (
        <div className="error-summary" role="alert" aria-labelledby="source-problems-title" tabIndex={-1}>
          <h3 id="source-problems-title">{t('import.problems')}</h3>
          <ul>
            {problems.sourceError ? (
              <li>{t(`import.source.error.${problems.sourceError.reason}` as MessageKey, { url: '', attempts: 1, seconds: 30, values: 0, max: 0, codes: '', ...problems.sourceError.params })}</li>
            ) : null}
            {problems.problems.map((p, i) => (
              <li key={i}>{problemText(t, 'values', p)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>{t('import.api.kolada')}</h3>
      <Form method="get" className="form form--inline">
        {scb ? <input type="hidden" name="scb" value={scb.table} /> : null}
        <div className="field">
          <label htmlFor="kolada-search">{t('import.api.search')}</label>
          <input id="kolada-search" name="kolada" type="search" defaultValue={kpis?.query ?? ''} maxLength={100} />
        </div>
        <button type="submit" className="button button--secondary">
          {t('import.api.searchButton')}
        </button>
      </Form>
      {kpis && kpis.error ? <Notice tone="warning">{t(`import.source.error.${kpis.error}` as MessageKey, { url: '', attempts: 1, seconds: 10, values: 0, max: 0, codes: '' })}</Notice> : null}
      {kpis && !kpis.error && kpis.found.length === 0 ? <Notice>{t('import.api.noKpis', { query: kpis.query })}</Notice> : null}
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="source" />
        <input type="hidden" name="api" value="kolada" />
        {kpis && kpis.found.length > 0 ? (
          <fieldset className="choice-group">
            <legend>{t('import.api.kpi')}</legend>
            <div className="choice-group__options">
              {kpis.found.map((k, i) => (
                <label key={k.id} className="choice">
                  <input type="radio" name="kpi" value={k.id} defaultChecked={i === 0} />
                  <span>
                    {k.title} ({k.id})<span className="choice__description">{k.description.slice(0, 200)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          field('kpi', t('import.api.kpi'), <input id="source-kpi" name="kpi" maxLength={6} aria-describedby={described('kpi')} />)
        )}
        <fieldset className="choice-group">
          <legend>{t('import.api.areas')}</legend>
          <div className="choice-group__options">
            {(['all', 'county', 'list'] as const).map((scope) => (
              <label key={scope} className="choice">
                <input type="radio" name="areaScope" value={scope} defaultChecked={scope === 'all'} />
                <span>{t(`import.api.areas.${scope}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {field(
          'county',
          t('import.api.areas.county'),
          <select id="source-county" name="county" aria-describedby={described('county')}>
            {counties.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>,
        )}
        {field('areaList', t('import.api.areasList'), <input id="source-areaList" name="areaList" aria-describedby={described('areaList')} />)}
        {field('years', t('import.api.years'), <input id="source-years" name="years" defaultValue={`${new Date().getFullYear() - 10}-${new Date().getFullYear() - 1}`} aria-describedby={described('years')} />)}
        {field('indicator', t('import.api.indicator'), indicatorSelect(true, 'source-indicator'))}
        {field('newCode', t('import.api.newCode'), <input id="source-newCode" name="newCode" maxLength={40} aria-describedby={described('newCode')} />)}
        {field('unit', t('import.api.unit'), <input id="source-unit" name="unit" maxLength={40} placeholder="procent" aria-describedby={described('unit')} />)}
        <label className="choice">
          <input type="checkbox" name="higherIsBetter" value="yes" defaultChecked />
          <span>{t('import.api.higherIsBetter')}</span>
        </label>
        {rememberAndFetch}
      </Form>
      <h3>{t('import.api.scb')}</h3>
      <Form method="get" className="form form--inline">
        {kpis ? <input type="hidden" name="kolada" value={kpis.query} /> : null}
        <div className="field">
          <label htmlFor="scb-lookup">{t('import.scb.lookup')}</label>
          <input id="scb-lookup" name="scb" defaultValue={scb?.table ?? ''} maxLength={40} />
        </div>
        <button type="submit" className="button button--secondary">
          {t('import.scb.lookupButton')}
        </button>
      </Form>
      {scb?.error ? (
        <Notice tone="warning">{scb.error === 'table-format' ? t('import.api.error.table') : t(SCB_METADATA_ERRORS[scb.error] ?? 'import.scb.error.unavailable', { table: scb.table, periods: scb.periods ?? 'other', example: scb.example ?? '' })}</Notice>
      ) : null}
      {scb?.metadata ? <ScbSelection metadata={scb.metadata} field={field} described={described} indicatorSelect={indicatorSelect(false, 'scb-indicator')} rememberAndFetch={rememberAndFetch} /> : null}
      <details className="chart__disclosure" open={problems?.api === 'scb' && !scb?.metadata}>
        <summary>{t('import.scb.byCodes')}</summary>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="source" />
          <input type="hidden" name="api" value="scb" />
          {field('table', t('import.api.table'), <input id="source-table" name="table" maxLength={40} aria-describedby={described('table')} />)}
          {field('contents', t('import.api.contents'), <input id="source-contents" name="contents" maxLength={60} aria-describedby={described('contents')} />)}
          {field('regions', t('import.api.regions'), <input id="source-regions" name="regions" aria-describedby={described('regions')} />)}
          {field('years', t('import.api.years'), <input id="scb-years" name="years" aria-describedby={described('years', 'scb-years')} />, 'scb-years')}
          {field('other', t('import.api.other'), <textarea id="source-other" name="other" rows={2} aria-describedby={described('other')} />)}
          {field('indicator', t('import.api.indicator'), indicatorSelect(false, 'scb-codes-indicator'), 'scb-codes-indicator')}
          {rememberAndFetch}
        </Form>
      </details>
    </section>
  );
}
/** What went wrong asking SCB about a table, said for that table. */
const SCB_METADATA_ERRORS: Record<string, MessageKey> = {
  'not-found': 'import.scb.error.not-found',
  malformed: 'import.scb.error.malformed',
  timeout: 'import.scb.error.timeout',
  'rate-limited': 'import.scb.error.rate-limited',
  'bad-request': 'import.scb.error.bad-request',
  unavailable: 'import.scb.error.unavailable',
  'not-yearly': 'import.scb.error.not-yearly',
};

/** How many of the latest years are picked to begin with. */
const DEFAULT_YEARS = 10;

/**
 * The selection from an SCB table's metadata: regions and years as lists with
 * SCB's names, the contents and every other variable as one choice each (a
 * variable SCB may leave out can be "all", which SCB sums).
 */
function ScbSelection({
  metadata,
  field,
  described,
  indicatorSelect,
  rememberAndFetch,
}: {
  metadata: ScbTableMetadata;
  rememberAndFetch: ReactNode;
  field: (name: SourceField, label: string, input: ReactNode, id?: string) => ReactNode;
  described: (name: SourceField, id?: string) => string | undefined;
  indicatorSelect: ReactNode;
}) {
  const t = useT();
  const named = (v: { code: string; label: string }) => (v.label === v.code ? v.code : `${v.label} (${v.code})`);
  // SCB writes its variable names in lower case ("region", "kön"); as a field label they start with a capital.
  const heading = (label: string) => label.charAt(0).toLocaleUpperCase('sv') + label.slice(1);
  return (
    <Form method="post" className="form scb-selection">
      <input type="hidden" name="intent" value="source" />
      <input type="hidden" name="api" value="scb" />
      <input type="hidden" name="table" value={metadata.table} />
      <p>
        <strong>{metadata.table}</strong>: {metadata.label}
      </p>
      {metadata.variables.map((v) => {
        if (v.role === 'geo')
          return (
            <div key={v.code}>
              {field(
                'regions',
                t('import.scb.regions', { variable: heading(v.label) }),
                <select id="scb-regions" name="regions" multiple size={8} aria-describedby={['scb-regions-hint', described('regions', 'scb-regions')].filter(Boolean).join(' ')}>
                  {v.values.map((value) => (
                    <option key={value.code} value={value.code}>
                      {named(value)}
                    </option>
                  ))}
                </select>,
                'scb-regions',
              )}
              <p id="scb-regions-hint" className="meta">
                {t('import.scb.multipleHint', { count: v.values.length })}
              </p>
            </div>
          );
        if (v.role === 'time') {
          const latest = new Set(v.values.slice(-DEFAULT_YEARS).map((value) => value.code));
          return (
            <div key={v.code}>
              {field(
                'years',
                t('import.scb.years', { variable: heading(v.label) }),
                <select id="scb-meta-years" name="years" multiple size={6} defaultValue={[...latest]} aria-describedby={described('years', 'scb-meta-years')}>
                  {v.values.map((value) => (
                    <option key={value.code} value={value.code}>
                      {value.label}
                    </option>
                  ))}
                </select>,
                'scb-meta-years',
              )}
            </div>
          );
        }
        if (v.role === 'metric')
          return (
            <div key={v.code}>
              {field(
                'contents',
                t('import.scb.contents', { variable: heading(v.label) }),
                <select id="scb-contents" name="contents" aria-describedby={described('contents', 'scb-contents')}>
                  {v.values.map((value) => (
                    <option key={value.code} value={value.code}>
                      {named(value)}
                    </option>
                  ))}
                </select>,
                'scb-contents',
              )}
            </div>
          );
        return (
          <div key={v.code} className="field">
            <label htmlFor={`scb-var-${v.code}`}>{heading(v.label)}</label>
            <select id={`scb-var-${v.code}`} name={`var.${v.code}`}>
              {v.elimination ? <option value="">{t('import.scb.all')}</option> : null}
              {v.values.map((value) => (
                <option key={value.code} value={value.code}>
                  {named(value)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {field('indicator', t('import.api.indicator'), indicatorSelect, 'scb-indicator')}
      {rememberAndFetch}
    </Form>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
