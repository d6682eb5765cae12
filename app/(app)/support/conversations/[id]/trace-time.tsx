import { CLOCK_LABEL, type TraceClock } from '@/lib/support/trace-order';
import { gap, zonedDateTime } from '@/lib/time/zoned';

/**
 * One time on the trace page: the reader's zone, to the second, with whose clock it is and the gap from the
 * previous item ("30 Nov 2026, 12:03:05 CET · vendor clock · +5 min 0 s"). Server-rendered only.
 */
export function TraceTime({
  at,
  timeZone,
  clock,
  previous,
  className,
}: {
  at: Date;
  timeZone: string;
  clock?: TraceClock;
  previous?: Date | null;
  className?: string;
}) {
  return (
    <span className={className} data-testid="trace-time">
      <time dateTime={at.toISOString()}>{zonedDateTime(at, timeZone)}</time>
      {clock && <span className="text-slate-400"> · {CLOCK_LABEL[clock]}</span>}
      {previous && (
        <span className="text-slate-500" data-testid="trace-gap">
          {' '}
          · {gap(at.getTime() - previous.getTime())}
        </span>
      )}
    </span>
  );
}
