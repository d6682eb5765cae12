import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/lib/auth/access';
import { hasRole, REPORT_ROLES, STAFF_ROLES } from '@/lib/auth/roles';
import { getStatusFingerprint } from '@/lib/status/get-status-fingerprint';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { getStatusPage, statusContext } from '@/lib/status/get-status-page';
import { zonedDateTime } from '@/lib/time/zoned';
import { ActiveIncidents } from './_components/active-incidents';
import { ComponentRows } from './_components/component-rows';
import { FailedRuns } from './_components/failed-runs';
import { LatencyCharts } from './_components/latency-charts';
import { LiveUpdates } from './_components/live-updates';
import { RecentlyResolved } from './_components/recently-resolved';
import { RumSummaryCard } from './_components/rum-summary';
import { StatusBanner } from './_components/status-banner';

export const metadata: Metadata = { title: 'Status' };

export default async function StatusPage() {
  const user = await requireRole(STAFF_ROLES, '/status');
  const ctx = statusContext();
  // The fingerprint is read first: a change between the two reads makes the live stream refresh once more.
  const fingerprint = await getStatusFingerprint(ctx.db);
  const [data, timeZone] = await Promise.all([
    getStatusPage({ ctx }),
    getReaderTimeZone({ ctx, input: { userId: user.id } }),
  ]);
  const now = data.generatedAt;
  return (
    <main className="mx-auto max-w-6xl px-4 sm:px-6 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Status</h1>
        <LiveUpdates
          fingerprint={fingerprint}
          renderedAt={now.toISOString()}
          renderedLabel={zonedDateTime(now, timeZone)}
        />
      </div>
      <StatusBanner
        states={data.states}
        liveness={data.liveness}
        journeys={data.journeys}
        now={now}
        timeZone={timeZone}
      />
      <ComponentRows states={data.states} bars={data.bars} now={now} timeZone={timeZone} showDetails />
      <ActiveIncidents incidents={data.active} now={now} timeZone={timeZone} />
      <LatencyCharts journey={data.journey} webhookLag={data.webhookLag} vendor={data.vendor} />
      <div className="mt-8 grid gap-4 md:grid-cols-2">
        <RumSummaryCard rum={data.rum} />
        <RecentlyResolved incidents={data.resolved} timeZone={timeZone} />
      </div>
      <FailedRuns runs={data.failedRuns} timeZone={timeZone} />
      <p className="mt-8 flex flex-wrap gap-4 text-sm">
        <Link href="/status/settings" className="text-indigo-700 hover:underline">
          Incident emails and API tokens
        </Link>
        {hasRole(user.role, REPORT_ROLES) && (
          <Link href="/reports" className="text-indigo-700 hover:underline">
            Vendor reliability reports
          </Link>
        )}
      </p>
    </main>
  );
}
