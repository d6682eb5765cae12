import type { Metadata } from 'next';
import Link from 'next/link';
import { listApiTokens } from '@/lib/api-tokens/list-api-tokens';
import { requireRole } from '@/lib/auth/access';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { appContext } from '@/lib/context';
import { getSubscription } from '@/lib/incident-subscriptions/get-subscription';
import { COMPONENT_LABELS, COMPONENTS } from '@/lib/incidents/components';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { zonedDateTime } from '@/lib/time/zoned';
import { TokenDates } from '../../../_components/token-dates';
import { revokeTokenAction } from './actions';
import { SubscriptionForm } from './subscription-form';
import { TokenForm } from './token-form';

export const metadata: Metadata = { title: 'Incident emails and API' };

export default async function StatusSettingsPage() {
  const user = await requireRole(STAFF_ROLES, '/status/settings');
  const ctx = appContext();
  const [subscription, tokens, timeZone] = await Promise.all([
    getSubscription(ctx.db, user.id),
    listApiTokens(ctx.db, user.id),
    getReaderTimeZone({ ctx, input: { userId: user.id } }),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-8 px-4 sm:px-6 py-8">
      <Link href="/status" className="text-sm text-indigo-700 hover:underline">
        ← Status
      </Link>
      <section aria-labelledby="emails-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="emails-heading" className="text-xl font-semibold">
          Incident emails
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {subscription ? `Subscribed since ${zonedDateTime(subscription.createdAt, timeZone)}.` : 'Not subscribed.'}{' '}
          Every email has a link to stop them.
        </p>
        <div className="mt-4">
          <SubscriptionForm
            subscription={subscription}
            components={COMPONENTS.map((c) => ({ value: c, label: COMPONENT_LABELS[c] }))}
          />
        </div>
      </section>
      <section aria-labelledby="api-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="api-heading" className="text-xl font-semibold">
          API tokens
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Read-only access to incidents, uptime and check runs:{' '}
          <code className="text-xs">Authorization: Bearer cw_…</code>. The API is described at{' '}
          <a href="/api/v1/openapi.json" className="text-indigo-700 hover:underline">
            /api/v1/openapi.json
          </a>
          .
        </p>
        <div className="mt-4">
          <TokenForm />
        </div>
        <ul className="mt-4 divide-y divide-slate-100 text-sm" data-testid="token-list">
          {tokens.length === 0 && <li className="py-2 text-slate-600">No tokens yet.</li>}
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="token-row">
              <span>
                <strong>{t.name}</strong> <code className="text-xs text-slate-500">{t.prefix}…</code>
                <TokenDates token={t} timeZone={timeZone} />
              </span>
              {!t.revokedAt && (
                <form action={revokeTokenAction}>
                  <input type="hidden" name="id" value={t.id} />
                  <button
                    type="submit"
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
                    aria-label={`Revoke the token ${t.name}`}
                  >
                    Revoke
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
