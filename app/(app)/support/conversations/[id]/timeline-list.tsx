import type { TimelineItem } from '@/lib/support/trace-types';
import { Time } from '../../../../_components/time';
import { StatusBadge } from './status-badge';

const toneLabel = { good: 'ok', warn: 'note', bad: 'problem', neutral: 'info' } as const;

/** Everything in time order. */
export function TimelineList({ items }: { items: TimelineItem[] }) {
  return (
    <section aria-labelledby="timeline-heading" className="mt-8">
      <h2 id="timeline-heading" className="text-lg font-semibold">Timeline</h2>
      <ol className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="trace-timeline">
        {items.length === 0 && <li className="p-3 text-slate-600">Nothing has happened in this conversation yet.</li>}
        {items.map((item, i) => (
          <li key={i} className="flex flex-wrap gap-x-3 p-2" data-testid="timeline-item" data-kind={item.kind}>
            <Time value={item.at} className="w-44 shrink-0 text-slate-500" />
            <StatusBadge status={toneLabel[item.tone]} tone={item.tone} />
            <span className="font-medium">{item.title}</span>
            {item.detail && <span className="basis-full pl-[11.75rem] text-slate-600 sm:basis-auto sm:pl-0">{item.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
