import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { appContext } from '@/lib/context';
import { unsubscribeByToken } from '@/lib/incident-subscriptions/unsubscribe';

export const metadata: Metadata = { title: 'Stop incident emails' };

async function confirm(form: FormData) {
  'use server';
  const done = await unsubscribeByToken(appContext().db, String(form.get('token') ?? ''));
  redirect(`/unsubscribe/incidents?done=${done ? '1' : '0'}`);
}

/** The link in every incident email. A button, not the link itself, unsubscribes: mail scanners follow links. */
export default async function UnsubscribeIncidentsPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; done?: string }>;
}) {
  const { token, done } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-4 sm:px-6 py-16">
      <h1 className="text-xl font-semibold">Incident emails</h1>
      {done === '1' && (
        <p className="mt-4" role="status" data-testid="unsubscribe-done">
          You will get no more incident emails. Subscribe again on the status page’s settings.
        </p>
      )}
      {done === '0' && (
        <p className="mt-4" role="status" data-testid="unsubscribe-none">
          There was no subscription for this link (perhaps it was already ended).
        </p>
      )}
      {!done && (
        <form action={confirm} className="mt-4 space-y-3">
          <input type="hidden" name="token" value={token ?? ''} />
          <p>Stop all incident emails to this address?</p>
          <button
            type="submit"
            className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white"
            data-testid="unsubscribe-confirm"
          >
            Stop incident emails
          </button>
        </form>
      )}
    </main>
  );
}
