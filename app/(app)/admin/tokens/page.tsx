import type { Metadata } from 'next';
import Link from 'next/link';
import { listAllApiTokens } from '@/lib/admin/tokens';
import { requireRole } from '@/lib/auth/access';
import { appContext } from '@/lib/context';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { TokenDates } from '../../../_components/token-dates';
import { ActionForm } from '../action-form';
import { revokeAnyTokenAction } from '../actions';
import { AdminNav } from '../admin-nav';

export const metadata: Metadata = { title: 'Admin · API tokens' };

/** Every staff member's API tokens: when each was last used, and revoke any (audited). */
export default async function AdminTokensPage() {
  const admin = await requireRole(['ADMIN'], '/admin/tokens');
  const ctx = appContext();
  const [tokens, timeZone] = await Promise.all([
    listAllApiTokens({ ctx }),
    getReaderTimeZone({ ctx, input: { userId: admin.id } }),
  ]);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-8">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <AdminNav current="/admin/tokens" />
      <p className="mt-4 text-sm text-slate-600">
        People create their own read-only tokens in{' '}
        <Link href="/status/settings" className="text-indigo-700 underline">
          incident emails and API
        </Link>
        . Here you see everyone’s and can revoke any.
      </p>
      <ul
        className="mt-4 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white text-sm"
        data-testid="admin-tokens"
      >
        {tokens.length === 0 && <li className="p-3 text-slate-600">No API token has been created.</li>}
        {tokens.map((t) => (
          <li
            key={t.id}
            className="flex flex-wrap items-center justify-between gap-2 p-3"
            data-testid="admin-token"
            data-name={t.name}
          >
            <span className="min-w-0">
              <strong>{t.name}</strong> <code className="text-xs text-slate-500">{t.prefix}…</code> · {t.owner.name}
              <TokenDates token={t} timeZone={timeZone} />
            </span>
            {!t.revokedAt && (
              <ActionForm action={revokeAnyTokenAction} testId="admin-token-revoke">
                <input type="hidden" name="id" value={t.id} />
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
                  aria-label={`Revoke ${t.owner.name}’s token ${t.name}`}
                >
                  Revoke
                </button>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
