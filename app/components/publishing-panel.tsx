import { Form, Link, useRouteLoaderData } from '@remix-run/react';
import type { ContentState, Visibility } from '#app/vocabulary.ts';
import type { FieldErrors } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import type { ContentPermissions } from '../policy.ts';
import type { RootData } from '../root.tsx';
import { ConfirmEmailNotice } from './confirm-email-notice.tsx';

/**
 * Edit and history links, and the publish / visibility / unpublish / archive controls, for editors.
 * "Only for a working group" is offered with `groups` (the editor's active groups); its
 * group select is always in the form, so it works without JavaScript, and CSS hides it
 * while another visibility is chosen.
 */
export function PublishingPanel({
  basePath,
  state,
  visibility,
  version,
  visibilities,
  can,
  groups,
  groupId = null,
  errors,
}: {
  basePath: string;
  state: ContentState;
  visibility: Visibility;
  version: number;
  visibilities: Visibility[];
  can: ContentPermissions;
  groups?: { id: string; name: string }[];
  groupId?: string | null;
  errors?: FieldErrors;
}) {
  const t = useT();
  // An unconfirmed address, not the organisation, may be what stands in the way.
  const unconfirmedEmail = useRouteLoaderData<RootData>('root')?.user?.unconfirmedEmail ?? null;
  if (!can.edit) return null;
  const canChoose = can.publish || (state === 'published' && can.changeVisibility);
  const offered = visibilities.filter((v) => v !== 'group' || (groups !== undefined && groups.length > 0));
  const groupError = errors?.groupId;
  return (
    <div className="panel panel--actions">
      <p className="actions">
        <Link className="button button--secondary" to={`${basePath}/redigera`}>
          {t('initiative.edit')}
        </Link>
        {can.viewHistory ? <Link to={`${basePath}/historik`}>{t('initiative.history')}</Link> : null}
      </p>
      {canChoose ? (
        <Form method="post" className={`form publishing-form${groupError ? ' publishing-form--group-error' : ''}`}>
          <input type="hidden" name="version" value={version} />
          <fieldset className="field">
            <legend>{state === 'published' ? t('initiative.changeVisibility') : t('initiative.publishLead')}</legend>
            {offered.map((v) => (
              <label key={v} className="choice">
                {/* After a refused group choice, "group" stays chosen so the select and its error show. */}
                <input type="radio" name="visibility" value={v} defaultChecked={groupError ? v === 'group' : v === visibility} />{' '}
                <span>{v === 'group' ? t('publishing.groupOnly') : t(`visibility.${v}`)}</span>
              </label>
            ))}
          </fieldset>
          {offered.includes('group') && groups ? (
            <div className={`field publishing-form__group${groupError ? ' field--invalid' : ''}`}>
              <label htmlFor="field-groupId">{t('publishing.group')}</label>
              <p id="field-groupId-hint" className="field__hint">
                {t('publishing.groupHint')}
              </p>
              {groupError ? (
                <p id="field-groupId-error" className="field__error">
                  {t(groupError.key, groupError.params)}
                </p>
              ) : null}
              <select
                id="field-groupId"
                name="groupId"
                defaultValue={groupId ?? ''}
                aria-describedby={groupError ? 'field-groupId-hint field-groupId-error' : 'field-groupId-hint'}
                aria-invalid={groupError ? true : undefined}
              >
                <option value="">{t('publishing.groupNone')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" name="intent" value="publish" className="button">
            {state === 'published' ? t('initiative.changeVisibility') : t('initiative.publish')}
          </button>
        </Form>
      ) : state !== 'published' && unconfirmedEmail ? (
        <ConfirmEmailNotice email={unconfirmedEmail} />
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
