import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { getRevisions, listRevisions } from '#db/queries/content.ts';
import { DiffView } from '../components/diff-view.tsx';
import { diffSnapshots } from '../content/diff.ts';
import { loadInitiative, restoreRevision } from '../content/initiatives.server.ts';
import { notFound, requireUser } from '../context.server.ts';
import { useT } from '../i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadWithHistory(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadInitiative(context, slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  if (!loaded.can.viewHistory) throw new Response('forbidden', { status: 403 });
  return { user, loaded };
}

/** The versions, and a readable comparison of any two (?fran=&till=, default: the last two). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { loaded } = await loadWithHistory(request, context, params.slug);
  const { db } = context.services;
  const revisions = await listRevisions(db, 'initiative', loaded.initiative.id);
  const url = new URL(request.url);
  const latest = revisions[0]?.version ?? 1;
  const to = Number(url.searchParams.get('till')) || latest;
  const from = Number(url.searchParams.get('fran')) || Math.max(1, to - 1);
  const pair = await getRevisions(db, 'initiative', loaded.initiative.id, [from, to]);
  const a = pair.find((r) => r.version === from);
  const b = pair.find((r) => r.version === to);
  return {
    slug: loaded.initiative.slug,
    title: loaded.initiative.title,
    currentVersion: loaded.initiative.version,
    revisions: revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    from,
    to,
    changes: a && b ? diffSnapshots(a.snapshot, b.snapshot) : [],
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadWithHistory(request, context, params.slug);
  const formData = await request.formData();
  const result = await restoreRevision(context, loaded, user.id, Number(formData.get('restore')), Number(formData.get('version')));
  if (!result.ok) return redirect(`/insatser/${loaded.initiative.slug}/historik`);
  return redirect(`/insatser/${result.slug}`);
}

export default function InitiativeHistory() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = (iso: string) => new Date(iso).toLocaleString(t.locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="container page">
      <p>
        <Link to={`/insatser/${d.slug}`}>← {d.title}</Link>
      </p>
      <h1>{t('history.title', { title: d.title })}</h1>
      <Form method="get" className="filter-bar">
        <label htmlFor="fran">{t('history.from')}</label>
        <select id="fran" name="fran" defaultValue={d.from}>
          {d.revisions.map((r) => (
            <option key={r.version} value={r.version}>
              {r.version}
            </option>
          ))}
        </select>
        <label htmlFor="till">{t('history.to')}</label>
        <select id="till" name="till" defaultValue={d.to}>
          {d.revisions.map((r) => (
            <option key={r.version} value={r.version}>
              {r.version}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t('history.compare')}
        </button>
      </Form>
      <section aria-labelledby="diff-title" className="panel">
        <h2 id="diff-title">
          {t('history.version', { version: d.from })} → {t('history.version', { version: d.to })}
        </h2>
        <DiffView changes={d.changes} />
      </section>
      <ol className="history" reversed>
        {d.revisions.map((r) => (
          <li key={r.version} className="row">
            <span>
              <strong>{t('history.version', { version: r.version })}</strong> –{' '}
              {t('history.by', { action: t(`history.action.${r.action as 'edit'}`), name: r.authorName ?? '–', date: fmt(r.createdAt) })}
            </span>
            {r.version !== d.currentVersion ? (
              <Form method="post">
                <input type="hidden" name="version" value={d.currentVersion} />
                <button type="submit" name="restore" value={r.version} className="button button--small button--secondary">
                  {t('history.restore')}
                  <span className="visually-hidden"> ({t('history.version', { version: r.version })})</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
