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
 * The members of an organisation or a working group, with their pending join
 * requests and invitations: the pieces both members pages show alike, with
 * their differences as props.
 */

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
                  {m.userId === selfId ? null : <RowAction field="userId" id={m.userId} intent="remove" label={t('org.remove')} subject={m.name} tone="danger" />}
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

/** One click on a row: posts `intent` with the row's id; the button names its subject for screen readers. */
function RowAction({ field, id, intent, label, subject, tone }: { field: string; id: string; intent: string; label: string; subject: string; tone: 'secondary' | 'danger' }) {
  return (
    <Form method="post">
      <input type="hidden" name={field} value={id} />
      <button type="submit" name="intent" value={intent} className={`button button--small button--${tone}`}>
        {label}
        <span className="visually-hidden"> {subject}</span>
      </button>
    </Form>
  );
}

/**
 * Requests to join, each with approve and reject buttons (posting `intent=approve`
 * or `reject.intent`, with `userId`). `detail` says more about the person (whom they represent).
 */
export function JoinRequestList({
  requests,
  approveLabel,
  reject,
}: {
  requests: readonly { userId: string; name: string; email: string; detail?: string; message: string | null }[];
  approveLabel: string;
  reject: { intent: 'reject' | 'decline'; label: string };
}) {
  return (
    <ul className="plain-list">
      {requests.map((r) => (
        <li key={r.userId} className="row">
          <span>
            <strong>{r.name}</strong> ({r.email}){r.detail ? <> – {r.detail}</> : null}
            {r.message ? <> – „{r.message}”</> : null}
          </span>
          <Form method="post" className="inline-form">
            <input type="hidden" name="userId" value={r.userId} />
            <button type="submit" name="intent" value="approve" className="button button--small">
              {approveLabel}
              <span className="visually-hidden"> {r.name}</span>
            </button>
            <button type="submit" name="intent" value={reject.intent} className="button button--small button--secondary">
              {reject.label}
              <span className="visually-hidden"> {r.name}</span>
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

/** Invitations not yet taken, each with a revoke button (`intent=revoke` with `invitationId`); nothing when there are none. */
export function PendingInvitations({ title, invitations }: { title: string; invitations: readonly { id: string; email: string; detail: string }[] }) {
  const t = useT();
  if (invitations.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="plain-list">
        {invitations.map((i) => (
          <li key={i.id} className="row">
            <span>
              {i.email} – {i.detail}
            </span>
            <RowAction field="invitationId" id={i.id} intent="revoke" label={t('org.revoke')} subject={i.email} tone="secondary" />
          </li>
        ))}
      </ul>
    </>
  );
}
