import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireRole } from '@/lib/auth/access';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { appContext } from '@/lib/context';
import { NotFoundError } from '@/lib/errors';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { getConversationTrace } from '@/lib/support/get-conversation-trace';
import { EmailsList } from './emails-list';
import { MessagesTable } from './messages-table';
import { ParticipantsPanel } from './participants-panel';
import { TimelineList } from './timeline-list';

export const metadata: Metadata = { title: 'Support · conversation trace' };

/** One conversation's delivery trace: message → webhook → email → delivered, with reasons wherever a step stopped. */
export default async function ConversationTracePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireRole(STAFF_ROLES, `/support/conversations/${encodeURIComponent(id)}`);
  const ctx = appContext();
  const trace = await getConversationTrace({ ctx, input: { id } }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  // Every time on the page is in the reader's zone (their notification settings), named on each timestamp.
  const timeZone = await getReaderTimeZone({ ctx, input: { userId: viewer.id } });
  const problems = trace.events.filter((e) => e.status === 'UNMATCHED' || e.status === 'FAILED');
  return (
    <main className="mx-auto max-w-6xl px-4 sm:px-6 py-8">
      <p className="text-sm">
        <Link href="/support" className="text-indigo-700 underline">
          ← Delivery traces
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold" data-testid="trace-title">
        {trace.project?.title ?? 'Unknown project'}
      </h1>
      <p className="text-sm text-slate-600">
        Vendor conversation <code className="break-all">{trace.vendorConversationId}</code>
        {trace.conversationId ? (
          <>
            {' '}
            · our conversation <code className="break-all">{trace.conversationId}</code>
          </>
        ) : (
          ' · not opened in the app yet (no conversation row)'
        )}
        {trace.project && (
          <>
            {' '}
            ·{' '}
            <Link href={`/projects/${trace.project.id}`} className="underline">
              open the project
            </Link>
          </>
        )}
      </p>
      {problems.length > 0 && (
        <p
          role="alert"
          className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900"
          data-testid="trace-problems"
        >
          {problems.length} webhook event(s) could not be processed:{' '}
          {problems.map((e) => `${e.type} (${e.status.toLowerCase()}: ${e.lastError ?? 'no detail'})`).join('; ')}
        </p>
      )}
      {trace.truncated && (
        <p className="mt-4 text-sm text-amber-800">
          A long conversation: only the most recent 300 events, messages and emails are shown.
        </p>
      )}
      <ParticipantsPanel participants={trace.participants} />
      <p className="mt-4 text-sm text-slate-600" data-testid="trace-time-zone">
        Times are in your time zone, {timeZone}, each with the clock it comes from.
      </p>
      <MessagesTable
        messages={trace.messages}
        emails={trace.emails}
        participants={trace.participants}
        timeZone={timeZone}
        unreadDelaySeconds={ctx.config.UNREAD_EMAIL_DELAY_SECONDS}
      />
      <EmailsList emails={trace.emails} timeZone={timeZone} />
      <TimelineList items={trace.timeline} timeZone={timeZone} />
    </main>
  );
}
