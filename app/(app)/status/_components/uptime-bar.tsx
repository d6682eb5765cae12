'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type KeyboardEvent } from 'react';

export interface BarCell {
  day: string;
  hasData: boolean;
  uptime: number | null;
  /** Monitored minutes that count: the denominator of the day's uptime. */
  monitoredMinutes: number;
  downtimeMinutes: number;
  maintenanceMinutes: number;
  incidents: { id: string; title: string }[];
  incidentCount: number;
}

function colour(cell: BarCell): string {
  if (!cell.hasData) return 'bg-slate-200';
  if (cell.downtimeMinutes === 0) return 'bg-emerald-500';
  if (cell.downtimeMinutes <= 5) return 'bg-lime-500';
  if (cell.downtimeMinutes <= 30) return 'bg-amber-400';
  if (cell.downtimeMinutes <= 120) return 'bg-orange-500';
  return 'bg-red-600';
}

function describe(cell: BarCell): string {
  if (!cell.hasData) return `${cell.day}: no monitoring data`;
  const parts = [
    `${cell.day}: uptime ${cell.uptime === null ? '—' : `${(cell.uptime * 100).toFixed(2)} %`}`,
    `${Math.round(cell.downtimeMinutes)} min down of ${Math.round(cell.monitoredMinutes)} min monitored`,
  ];
  if (cell.maintenanceMinutes > 0) parts.push(`${Math.round(cell.maintenanceMinutes)} min maintenance`);
  parts.push(`${cell.incidentCount} ${cell.incidentCount === 1 ? 'incident' : 'incidents'}`);
  return parts.join(', ');
}

/**
 * 90 days in one row, one cell per day coloured by downtime. One tab stop: arrow keys, Home and End move
 * between days; hover or focus shows the day's figures; Enter or a click opens the day's first incident.
 */
export function UptimeBar({ label, cells, testId }: { label: string; cells: BarCell[]; testId: string }) {
  const router = useRouter();
  const [active, setActive] = useState(cells.length - 1);
  const [shown, setShown] = useState<number | null>(null);
  const refs = useRef<(HTMLLIElement | null)[]>([]);

  const focus = (index: number) => {
    const next = Math.max(0, Math.min(cells.length - 1, index));
    setActive(next);
    setShown(next);
    refs.current[next]?.focus();
  };
  const open = (cell: BarCell) => {
    const first = cell.incidents[0];
    if (first) router.push(`/incidents/${first.id}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowLeft: index - 1,
      ArrowRight: index + 1,
      Home: 0,
      End: cells.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      focus(moves[event.key]!);
    } else if (event.key === 'Enter') {
      open(cells[index]!);
    }
  };
  const tip = shown === null ? null : cells[shown];

  return (
    <div className="relative" onMouseLeave={() => setShown(null)}>
      <ol
        className="flex h-8 items-stretch gap-px"
        aria-label={`${label}: uptime per day, last ${cells.length} days`}
        data-testid={testId}
      >
        {cells.map((cell, index) => (
          <li
            key={cell.day}
            ref={(el) => {
              refs.current[index] = el;
            }}
            tabIndex={index === active ? 0 : -1}
            aria-label={describe(cell)}
            data-testid="uptime-cell"
            data-day={cell.day}
            data-downtime-minutes={cell.downtimeMinutes.toFixed(2)}
            className={`flex-1 rounded-[2px] ${colour(cell)} ${cell.incidents.length ? 'cursor-pointer' : ''} focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600`}
            onMouseEnter={() => setShown(index)}
            onFocus={() => {
              setActive(index);
              setShown(index);
            }}
            onBlur={() => setShown(null)}
            onKeyDown={(event) => onKeyDown(event, index)}
            onClick={() => open(cell)}
          />
        ))}
      </ol>
      {tip && (
        <div
          role="tooltip"
          data-testid="uptime-tooltip"
          className="pointer-events-none absolute top-10 z-10 w-64 rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
          style={{ left: `min(calc(${(shown! / cells.length) * 100}% ), calc(100% - 16rem))` }}
        >
          <p className="font-semibold">{tip.day}</p>
          {tip.hasData ? (
            <>
              <p>
                Uptime {tip.uptime === null ? '—' : `${(tip.uptime * 100).toFixed(2)} %`} ·{' '}
                {Math.round(tip.downtimeMinutes)} min down
              </p>
              <p data-testid="uptime-tooltip-coverage">Monitored {Math.round(tip.monitoredMinutes)} of 1440 min</p>
              {tip.maintenanceMinutes > 0 && (
                <p>{Math.round(tip.maintenanceMinutes)} min planned maintenance (not counted)</p>
              )}
              <p>
                {tip.incidentCount} {tip.incidentCount === 1 ? 'incident' : 'incidents'}
              </p>
              <ul className="mt-1 list-disc pl-4">
                {tip.incidents.slice(0, 3).map((i) => (
                  <li key={i.id}>{i.title}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>No monitoring data</p>
          )}
        </div>
      )}
    </div>
  );
}
