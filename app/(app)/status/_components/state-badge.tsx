import type { ComponentStateName } from '@/lib/status/types';

const STYLES: Record<ComponentStateName, { label: string; className: string; dot: string }> = {
  operational: {
    label: 'Operational',
    className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
    dot: 'bg-emerald-500',
  },
  degraded: { label: 'Degraded', className: 'bg-amber-50 text-amber-900 ring-amber-600/30', dot: 'bg-amber-500' },
  outage: { label: 'Outage', className: 'bg-red-50 text-red-800 ring-red-600/30', dot: 'bg-red-600' },
  maintenance: { label: 'Maintenance', className: 'bg-sky-50 text-sky-800 ring-sky-600/30', dot: 'bg-sky-500' },
  unknown: { label: 'No data', className: 'bg-slate-100 text-slate-700 ring-slate-500/20', dot: 'bg-slate-400' },
};

/** A component's state in words and colour (the word carries the meaning; colour only repeats it). */
export function StateBadge({ state, testId }: { state: ComponentStateName; testId?: string }) {
  const style = STYLES[state];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
      data-testid={testId}
      data-state={state}
    >
      <span className={`h-2 w-2 rounded-full ${style.dot}`} aria-hidden="true" />
      {style.label}
    </span>
  );
}
