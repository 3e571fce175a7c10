import { Form, Link } from '@remix-run/react';
import type { ContentState, Visibility } from '#db/vocabulary.ts';
import { useT } from '../i18n/use-t.ts';
import type { ContentPermissions } from '../policy.ts';

/** Edit and history links, and the publish / visibility / unpublish / archive controls, for editors. */
export function PublishingPanel({
  basePath,
  state,
  visibility,
  version,
  visibilities,
  can,
}: {
  basePath: string;
  state: ContentState;
  visibility: Visibility;
  version: number;
  visibilities: Visibility[];
  can: ContentPermissions;
}) {
  const t = useT();
  if (!can.edit) return null;
  const canChoose = can.publish || (state === 'published' && can.changeVisibility);
  return (
    <div className="panel panel--actions">
      <p className="actions">
        <Link className="button button--secondary" to={`${basePath}/redigera`}>
          {t('initiative.edit')}
        </Link>
        <Link to={`${basePath}/historik`}>{t('initiative.history')}</Link>
      </p>
      {canChoose ? (
        <Form method="post" className="form">
          <input type="hidden" name="version" value={version} />
          <fieldset className="field">
            <legend>{state === 'published' ? t('initiative.changeVisibility') : t('initiative.publishLead')}</legend>
            {visibilities.map((v) => (
              <label key={v} className="choice">
                <input type="radio" name="visibility" value={v} defaultChecked={v === visibility} /> <span>{t(`visibility.${v}`)}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" name="intent" value="publish" className="button">
            {state === 'published' ? t('initiative.changeVisibility') : t('initiative.publish')}
          </button>
        </Form>
      ) : state !== 'published' ? (
        <p className="meta">{t('initiative.publishUnverified')}</p>
      ) : null}
      {can.unpublish || can.archive ? (
        <Form method="post" className="actions">
          <input type="hidden" name="version" value={version} />
          {can.unpublish ? (
            <button type="submit" name="intent" value="unpublish" className="button button--small button--secondary">
              {t('initiative.unpublish')}
            </button>
          ) : null}
          {can.archive ? (
            <button type="submit" name="intent" value="archive" className="button button--small button--danger">
              {t('initiative.archive')}
            </button>
          ) : null}
        </Form>
      ) : null}
    </div>
  );
}
