import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getConfig } from '@/lib/config';
import { getPublicStatusPage, statusContext } from '@/lib/status/get-status-page';
import { zonedDateTime } from '@/lib/time/zoned';
import { ComponentRows } from '../_components/component-rows';

export const metadata: Metadata = { title: 'Service status' };

/** Anyone may read this page, signed in or not: its times are in UTC, named like every time (one format). */
const PUBLIC_TIME_ZONE = 'UTC';

/** Public status (STATUS_PUBLIC_PAGE=true): states and 90-day uptime, without incident titles, errors or evidence. */
export default async function PublicStatusPage() {
  if (!getConfig().STATUS_PUBLIC_PAGE) notFound();
  const data = await getPublicStatusPage({ ctx: statusContext() });
  const states = data.states.map((s) => ({ ...s, detail: null, incidentId: null }));
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-8">
      <h1 className="text-2xl font-semibold">Service status</h1>
      <p className="mt-1 text-sm text-slate-600">Updated {zonedDateTime(data.generatedAt, PUBLIC_TIME_ZONE)}.</p>
      <ComponentRows
        states={states}
        bars={data.bars}
        now={data.generatedAt}
        timeZone={PUBLIC_TIME_ZONE}
        showDetails={false}
      />
    </main>
  );
}
