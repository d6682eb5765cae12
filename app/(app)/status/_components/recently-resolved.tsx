import Link from 'next/link';
import { duration } from '@/lib/reports/export/format';
import type { ActiveIncident } from '@/lib/status/list-incidents';
import { zonedDateTime } from '@/lib/time/zoned';

/** Incidents resolved in the last 24 h: what support may still hear about. */
export function RecentlyResolved({ incidents, timeZone }: { incidents: ActiveIncident[]; timeZone: string }) {
  return (
    <section aria-labelledby="resolved-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="resolved-heading" className="font-semibold">
        Resolved in the last 24 h
      </h2>
      {incidents.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">None.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {incidents.map((i) => (
            <li key={i.id} className="py-2" data-testid="resolved-incident" data-component={i.component}>
              <Link href={`/incidents/${i.id}`} className="font-medium text-slate-900 hover:underline">
                {i.title}
              </Link>
              <p className="text-xs text-slate-500">
                {zonedDateTime(i.startedAt, timeZone)} → {i.recoveredAt ? zonedDateTime(i.recoveredAt, timeZone) : '—'}{' '}
                ({duration(i.recoveredAt ? i.recoveredAt.getTime() - i.startedAt.getTime() : null)})
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
