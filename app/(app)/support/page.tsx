import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/lib/auth/access';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { appContext } from '@/lib/context';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { searchConversations } from '@/lib/support/search-conversations';
import { inputClass, primaryButtonClass } from '../../_components/field';
import { Time } from '../../_components/time';

export const metadata: Metadata = { title: 'Support · delivery traces' };

/** Support's entry point: find a conversation by a user's email, an id, or the project title. */
export default async function SupportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requireRole(STAFF_ROLES, '/support');
  const raw = (await searchParams).q;
  const query = typeof raw === 'string' ? raw : '';
  const ctx = appContext();
  const [hits, timeZone] = await Promise.all([
    searchConversations({ ctx, input: { query } }),
    getReaderTimeZone({ ctx, input: { userId: viewer.id } }),
  ]);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-10">
      <h1 className="text-2xl font-semibold">Delivery traces</h1>
      <p className="mt-1 text-sm text-slate-600">
        Why didn’t someone get an email? Open their conversation to see every webhook, message and email step.
      </p>
      <form method="get" className="mt-6 flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-72 flex-1">
          <label htmlFor="q" className="block text-sm font-medium">
            User email, project or conversation id, or project title
          </label>
          <input
            id="q"
            name="q"
            defaultValue={query}
            className={inputClass}
            data-testid="support-search"
            autoComplete="off"
          />
        </div>
        <button type="submit" className={primaryButtonClass}>
          Search
        </button>
      </form>
      <h2 className="mt-8 text-lg font-semibold">
        {query ? `Results for “${query}”` : 'Recently active conversations'}
      </h2>
      <ul
        className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
        data-testid="support-results"
      >
        {hits.length === 0 && <li className="p-4 text-sm text-slate-600">No conversation matches.</li>}
        {hits.map((hit) => (
          <li key={hit.id} data-testid="support-result" data-project-id={hit.id}>
            <Link
              href={`/support/conversations/${hit.id}`}
              className="flex flex-wrap items-baseline gap-x-3 p-4 hover:bg-slate-50 focus-visible:bg-slate-50"
            >
              <span className="font-medium">{hit.title}</span>
              <span className="text-sm text-slate-600">
                {hit.client.name} ({hit.client.email}) ↔ {hit.designer.name} ({hit.designer.email})
              </span>
              <span className="ml-auto text-sm text-slate-500">
                {hit.lastActivityAt ? (
                  <>
                    last activity <Time value={hit.lastActivityAt} timeZone={timeZone} />
                  </>
                ) : (
                  'no chat yet'
                )}
              </span>
              {hit.unmatchedOrFailedEvents > 0 && (
                <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">
                  {hit.unmatchedOrFailedEvents} event(s) not processed
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
