import type { ActiveIncident } from '@/lib/status/list-incidents';
import { zonedDateTime } from '@/lib/time/zoned';

const KIND_LABEL = { OPENED: 'Opened', UPDATE: 'Monitor', NOTE: 'Note', RESOLVED: 'Resolved' } as const;

/** An incident's timeline, oldest first; people's notes are signed. */
export function IncidentTimeline({ updates, timeZone }: { updates: ActiveIncident['updates']; timeZone: string }) {
  return (
    <ol className="mt-3 space-y-2 border-l-2 border-slate-200 pl-4" data-testid="incident-timeline">
      {updates.map((u) => (
        <li key={u.id} className="text-sm" data-testid="timeline-entry" data-kind={u.kind}>
          <p className="text-xs text-slate-500">
            <time dateTime={u.createdAt.toISOString()}>{zonedDateTime(u.createdAt, timeZone)}</time> ·{' '}
            {KIND_LABEL[u.kind]}
            {u.authorName ? ` · ${u.authorName}` : ''}
          </p>
          <p className="whitespace-pre-wrap break-words text-slate-800">{u.message}</p>
        </li>
      ))}
    </ol>
  );
}
