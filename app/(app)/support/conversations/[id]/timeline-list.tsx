import type { TimelineItem } from '@/lib/support/trace-types';
import { StatusBadge } from './status-badge';
import { TraceTime } from './trace-time';

const toneLabel = { good: 'ok', warn: 'note', bad: 'problem', neutral: 'info' } as const;

/** Everything in the order it happened, each time with its clock and the gap from the one before. */
export function TimelineList({ items, timeZone }: { items: TimelineItem[]; timeZone: string }) {
  return (
    <section aria-labelledby="timeline-heading" className="mt-8">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Timeline
      </h2>
      <ol
        className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
        data-testid="trace-timeline"
      >
        {items.length === 0 && <li className="p-3 text-slate-600">Nothing has happened in this conversation yet.</li>}
        {items.map((item, i) => (
          <li key={i} className="p-2" data-testid="timeline-item" data-kind={item.kind} data-at={item.at.toISOString()}>
            <TraceTime
              at={item.at}
              timeZone={timeZone}
              clock={item.clock}
              previous={i > 0 ? items[i - 1]!.at : null}
              className="block text-xs text-slate-500"
            />
            <span className="flex flex-wrap items-baseline gap-x-2">
              <StatusBadge status={toneLabel[item.tone]} tone={item.tone} />
              <span className="font-medium [overflow-wrap:anywhere]">{item.title}</span>
            </span>
            {item.detail && <span className="block text-slate-600 [overflow-wrap:anywhere]">{item.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
