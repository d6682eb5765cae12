import type { Metadata } from 'next';
import { listAuditEntries } from '@/lib/admin/audit';
import { ASSIGNABLE_ROLES, listUsers } from '@/lib/admin/users';
import { requireRole } from '@/lib/auth/access';
import { appContext } from '@/lib/context';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { zonedDateTime } from '@/lib/time/zoned';
import { inputClass } from '../../../_components/field';
import { ActionForm } from '../action-form';
import { changeRoleAction, createUserAction, suspendAction } from '../actions';
import { AdminNav } from '../admin-nav';

export const metadata: Metadata = { title: 'Admin · users and roles' };

const small = 'rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50';

/** Admins create accounts, change roles (audited) and suspend or reinstate people. */
export default async function AdminUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole(['ADMIN'], '/admin/users');
  const raw = (await searchParams).q;
  const query = typeof raw === 'string' ? raw : '';
  const ctx = appContext();
  const [users, audit, timeZone] = await Promise.all([
    listUsers({ ctx, input: { query } }),
    listAuditEntries({ ctx, input: { targetType: 'user', limit: 20 } }),
    getReaderTimeZone({ ctx, input: { userId: admin.id } }),
  ]);
  const at = (time: Date) => zonedDateTime(time, timeZone);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-8">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <AdminNav current="/admin/users" />

      <section aria-labelledby="new-user" className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="new-user" className="font-semibold">
          New account
        </h2>
        <ActionForm action={createUserAction} testId="admin-create-user" className="mt-3 grid gap-3 sm:grid-cols-2">
          <label className="text-sm">
            Name
            <input name="name" required maxLength={100} className={inputClass} data-testid="new-user-name" />
          </label>
          <label className="text-sm">
            Email
            <input
              name="email"
              type="email"
              required
              maxLength={254}
              className={inputClass}
              data-testid="new-user-email"
            />
          </label>
          <label className="text-sm">
            Role
            <select name="role" defaultValue="SUPPORT" className={inputClass} data-testid="new-user-role">
              {ASSIGNABLE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            First password
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              required
              className={inputClass}
              data-testid="new-user-password"
            />
          </label>
          <button
            type="submit"
            className="w-fit rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            data-testid="new-user-submit"
          >
            Create account
          </button>
        </ActionForm>
      </section>

      <form method="get" role="search" className="mt-6 flex flex-wrap items-end gap-2">
        <label className="min-w-0 flex-1 text-sm">
          Find by name or email
          <input name="q" defaultValue={query} className={inputClass} data-testid="admin-user-search" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          Search
        </button>
      </form>

      <ul
        className="mt-4 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white text-sm"
        data-testid="admin-users"
      >
        {users.length === 0 && <li className="p-3 text-slate-600">No account matches.</li>}
        {users.map((u) => (
          <li
            key={u.id}
            className="flex flex-wrap items-center justify-between gap-3 p-3"
            data-testid="admin-user"
            data-email={u.email}
            data-role={u.role}
            data-suspended={Boolean(u.suspendedAt)}
          >
            <span className="min-w-0">
              <span className="font-medium">{u.name}</span>{' '}
              <span className="text-slate-500">· {u.role.toLowerCase()}</span>
              {u.suspendedAt && (
                <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">
                  suspended since {at(u.suspendedAt)}
                </span>
              )}
              <span className="block text-slate-600 [overflow-wrap:anywhere]">{u.email}</span>
            </span>
            {u.id !== admin.id && u.role !== 'SYNTHETIC' && (
              <span className="flex flex-wrap items-center gap-2">
                <ActionForm action={changeRoleAction} testId="change-role">
                  <input type="hidden" name="userId" value={u.id} />
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.name}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    name="role"
                    defaultValue={u.role}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs"
                    data-testid="change-role-select"
                  >
                    {ASSIGNABLE_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r.toLowerCase()}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className={small} data-testid="change-role-submit">
                    Change role
                  </button>
                </ActionForm>
                <ActionForm action={suspendAction} testId="suspend">
                  <input type="hidden" name="userId" value={u.id} />
                  <input type="hidden" name="intent" value={u.suspendedAt ? 'reinstate' : 'suspend'} />
                  <button type="submit" className={small} data-testid="suspend-submit">
                    {u.suspendedAt ? 'Reinstate' : 'Suspend'}
                  </button>
                </ActionForm>
              </span>
            )}
          </li>
        ))}
      </ul>

      <section aria-labelledby="audit" className="mt-8">
        <h2 id="audit" className="font-semibold">
          Recent changes
        </h2>
        <ol className="mt-2 space-y-1 text-sm" data-testid="audit-log">
          {audit.length === 0 && <li className="text-slate-600">No changes yet.</li>}
          {audit.map((a) => (
            <li key={a.id} data-testid="audit-entry" data-action={a.action} className="[overflow-wrap:anywhere]">
              <span className="text-slate-500">{at(a.createdAt)}</span> · {a.actorName}: {a.action}{' '}
              {users.find((u) => u.id === a.targetId)?.email ?? a.targetId}
              {a.detail && typeof a.detail === 'object' && 'before' in a.detail
                ? ` (${String(a.detail.before).toLowerCase()} → ${String((a.detail as { after?: unknown }).after).toLowerCase()})`
                : ''}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
