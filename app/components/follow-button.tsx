import { Form, Link, useLocation } from '@remix-run/react';
import type { FollowButtonState } from '#app/follows/follows.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import type { SerializeFrom } from '@remix-run/node';

/** The page's follow or unfollow button: a plain POST form that comes back here, so it works without JavaScript. */
export function FollowButton({ state, name }: { state: SerializeFrom<FollowButtonState>; name: string }) {
  const t = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  if (!state.signedIn) {
    return (
      <p className="follow">
        <Link to={`/logga-in?redirectTo=${encodeURIComponent(here)}`}>{t('follow.signIn', { name })}</Link>
      </p>
    );
  }
  if (!state.canFollow) return null;
  return (
    <Form method="post" action="/konto/foljer" className="follow">
      <input type="hidden" name="kind" value={state.target.kind} />
      <input type="hidden" name="key" value={state.target.key} />
      <input type="hidden" name="redirectTo" value={here} />
      {state.following ? <p className="meta">{t('follow.following', { name })}</p> : null}
      <button type="submit" name="intent" value={state.following ? 'unfollow' : 'follow'} className={`button button--small${state.following ? ' button--secondary' : ''}`}>
        {t(state.following ? 'follow.unfollow' : 'follow.follow', { name })}
      </button>
    </Form>
  );
}
