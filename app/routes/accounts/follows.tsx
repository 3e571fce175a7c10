import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { addFollow, listFollows, removeFollow } from '#db/queries/follows.server.ts';
import type { FollowKind } from '#app/vocabulary.ts';
import { Notice } from '#app/components/ui.tsx';
import { requireUser, safeRedirectPath } from '#app/context.server.ts';
import { isFollowable } from '#app/follows/follows.server.ts';
import { parseSavedSearchKey } from '#app/follows/saved-search.server.ts';
import { areaNamesByCode } from '#db/queries/areas.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { badRequest, forbidden } from '#app/http/guards.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canFollow } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d ? translate(d.locale, 'follows.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const rows = await listFollows(context.services.db, user.id);
  // A saved search is shown by its words and filters; area names are kept in memory (no query).
  const names = rows.some((r) => r.kind === 'search') ? await areaNamesByCode(context.services.db) : null;
  const searchOf = (key: string) => {
    const saved = parseSavedSearchKey(key);
    return saved ? { q: saved.q, filters: saved.filters, areaName: saved.filters.area ? (names?.get(saved.filters.area) ?? saved.filters.area) : null } : null;
  };
  return {
    locale: context.locale,
    canFollow: canFollow(await context.actor()),
    follows: rows.map((r) => ({
      kind: r.kind,
      key: r.key,
      areaName: r.areaName,
      organizationName: r.organizationName,
      organizationSlug: r.organizationSlug,
      search: r.kind === 'search' ? searchOf(r.key) : null,
    })),
  };
}

/**
 * Follow or stop following, from this page or any page's follow button
 * (which sends `redirectTo` to come back). Following twice, or stopping what
 * one does not follow, changes nothing and says nothing.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const intent = form.get('intent');
  if (intent !== 'follow' && intent !== 'unfollow') badRequest('intent must be "follow" or "unfollow"');
  const kind = form.get('kind');
  const key = form.get('key');
  const { db } = context.services;
  if (intent === 'follow') {
    if (!canFollow(await context.actor())) forbidden('confirm your email address to follow things');
    if (!(await isFollowable(db, kind, key))) badRequest('nothing by that kind and key can be followed');
    await addFollow(db, user.id, { kind: kind as FollowKind, key: key as string });
  } else {
    // Stopping needs no check of what it was: the follow may name something deleted since.
    if (typeof kind !== 'string' || typeof key !== 'string') badRequest('kind and key are required');
    await removeFollow(db, user.id, { kind: kind as FollowKind, key });
  }
  const back = form.get('redirectTo');
  if (typeof back === 'string' && back !== '') return redirect(safeRedirectPath(back, '/konto/foljer'), 303);
  return data({ done: intent });
}

export default function FollowsPage() {
  const d = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const t = useT();
  const nameOf = (f: (typeof d.follows)[number]) => {
    if (f.kind === 'area') return f.areaName ?? t('follows.unknownName');
    if (f.kind === 'organization') return f.organizationName ?? t('follows.unknownName');
    if (f.kind === 'search') {
      const s = f.search;
      if (!s) return t('follows.unknownName');
      const parts = [
        s.q ? t('follows.searchWords', { q: s.q }) : '',
        s.filters.type ? t(`search.type.${s.filters.type}` as never) : '',
        s.filters.theme ? t(`theme.${s.filters.theme}` as never) : '',
        s.filters.successFactor ? t(`factor.${s.filters.successFactor}.name` as never) : '',
        s.filters.sector ? t(`sector.${s.filters.sector}` as never) : '',
        s.areaName ?? '',
        s.filters.status ? t(`status.${s.filters.status}` as never) : '',
        s.filters.year ? String(s.filters.year) : '',
      ];
      return parts.filter(Boolean).join(', ');
    }
    return f.kind === 'theme' ? t(`theme.${f.key}` as never) : t(`factor.${f.key}.name` as never);
  };
  const linkOf = (f: (typeof d.follows)[number]) => {
    if (f.kind === 'area' && f.areaName) return `/omraden/${f.key}`;
    if (f.kind === 'organization' && f.organizationSlug) return `/organisationer/${f.organizationSlug}`;
    if (f.kind === 'theme') return `/insatser?tema=${f.key}`;
    if (f.kind === 'success_factor') return `/insatser?faktor=${f.key}`;
    if (f.kind === 'search') return `/sok?${f.key}`;
    return null;
  };
  return (
    <div className="container page page--narrow">
      <p>
        <Link to="/konto">← {t('follows.back')}</Link>
      </p>
      <h1>{t('follows.title')}</h1>
      <p className="lead">{t('follows.lead')}</p>
      <p>
        <Link to="/konto/aviseringar">{t('follows.settingsLink')}</Link>
      </p>
      {done?.done === 'unfollow' ? <Notice tone="success">{t('follows.removed')}</Notice> : null}
      {!d.canFollow ? <Notice tone="warning">{t('follows.confirmEmail')}</Notice> : null}
      {d.follows.length === 0 ? (
        <p>{t('follows.empty')}</p>
      ) : (
        <ul className="follow-list" aria-label={t('follows.listLabel')}>
          {d.follows.map((f) => {
            const name = nameOf(f);
            const link = linkOf(f);
            return (
              <li key={`${f.kind}:${f.key}`} className="follow-list__item">
                <span>
                  <span className="meta">{t(`follows.kind.${f.kind}`)}: </span>
                  {link ? <Link to={link}>{name}</Link> : name}
                </span>
                <Form method="post">
                  <input type="hidden" name="kind" value={f.kind} />
                  <input type="hidden" name="key" value={f.key} />
                  <button type="submit" name="intent" value="unfollow" className="button button--small button--secondary">
                    {t('follow.unfollow', { name })}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
