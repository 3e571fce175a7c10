import type { ReactNode } from 'react';
import { Form } from '@remix-run/react';
import { useT } from '../i18n/use-t.ts';

export interface MemberColumn<M> {
  header: string;
  cell: (member: M) => ReactNode;
}

interface MemberTableProps<R extends string, M extends { userId: string; name: string; role: R }> {
  /** Names the table for screen readers (the section heading says it for sighted readers). */
  caption: string;
  members: readonly M[];
  roles: readonly R[];
  roleLabel: (role: R) => string;
  /** Shown small after the name (e.g. the address, for those who manage members). */
  nameDetail?: (member: M) => string | null;
  /** Columns between the name and the role (address, organisation, sector). */
  before?: MemberColumn<M>[];
  /** Columns after the role (since when). */
  after?: MemberColumn<M>[];
  /** Leads and admins change roles and remove others (never themselves); everyone else reads the role. */
  manage: boolean;
  selfId: string;
}

/**
 * The members of an organisation or a working group with their roles. The
 * forms post `intent=role` (with `role`) and `intent=remove`, both with `userId`,
 * to the page's own action.
 */
export function MemberTable<R extends string, M extends { userId: string; name: string; role: R }>(props: MemberTableProps<R, M>) {
  const { caption, members, roles, roleLabel, nameDetail, before = [], after = [], manage, selfId } = props;
  const t = useT();
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('auth.field.name')}</th>
          {before.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
          <th scope="col">{t('org.role')}</th>
          {after.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
          {manage ? (
            <th scope="col">
              <span className="visually-hidden">{t('org.remove')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const detail = nameDetail?.(m);
          return (
            <tr key={m.userId}>
              <td>
                {m.name}
                {detail ? <span className="meta"> {detail}</span> : null}
              </td>
              {before.map((c) => (
                <td key={c.header}>{c.cell(m)}</td>
              ))}
              <td>{manage ? <RoleForm member={m} roles={roles} roleLabel={roleLabel} /> : roleLabel(m.role)}</td>
              {after.map((c) => (
                <td key={c.header}>{c.cell(m)}</td>
              ))}
              {manage ? (
                <td>
                  {m.userId === selfId ? null : (
                    <Form method="post">
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" name="intent" value="remove" className="button button--small button--danger">
                        {t('org.remove')}
                        <span className="visually-hidden"> {m.name}</span>
                      </button>
                    </Form>
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RoleForm<R extends string>({ member, roles, roleLabel }: { member: { userId: string; name: string; role: R }; roles: readonly R[]; roleLabel: (role: R) => string }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="userId" value={member.userId} />
      <input type="hidden" name="intent" value="role" />
      <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
        {t('org.role')}: {member.name}
      </label>
      <select id={`role-${member.userId}`} name="role" defaultValue={member.role}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small button--secondary">
        {t('org.changeRole')}
        <span className="visually-hidden"> {member.name}</span>
      </button>
    </Form>
  );
}
