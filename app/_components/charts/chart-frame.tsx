import type { ReactNode } from 'react';

export const CHART_PAD = { top: 12, right: 12, bottom: 34, left: 64 };

/** The plotting area inside the padding. */
export function plotSize(width: number, height: number) {
  return { innerW: width - CHART_PAD.left - CHART_PAD.right, innerH: height - CHART_PAD.top - CHART_PAD.bottom };
}

/** A category label under the x axis. */
export function XAxisLabel({
  x,
  height,
  anchor = 'middle',
  children,
}: {
  x: number;
  /** The chart's height: the label sits just below the plotting area. */
  height: number;
  anchor?: 'start' | 'middle' | 'end';
  children: ReactNode;
}) {
  return (
    <text x={x} y={height - CHART_PAD.bottom + 16} textAnchor={anchor} fontSize="11" fill="#475569">
      {children}
    </text>
  );
}

interface ChartFrameProps {
  title: string;
  description: string;
  width: number;
  height: number;
  testId?: string;
  /** Y-axis ticks, drawn as gridlines with labels at y(tick). */
  ticks: number[];
  y: (value: number) => number;
  formatValue: (value: number) => string;
  /** Legend entries after the title: one swatch and name each. */
  legend: { name: string; swatch: ReactNode }[];
  children: ReactNode;
}

/** What every server-rendered chart shares: an accessible titled SVG with y gridlines, and a legend caption. */
export function ChartFrame({
  title,
  description,
  width,
  height,
  testId,
  ticks,
  y,
  formatValue,
  legend,
  children,
}: ChartFrameProps) {
  const id = `chart-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        style={{ maxWidth: width, display: 'block' }}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={CHART_PAD.left} x2={width - CHART_PAD.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={CHART_PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {formatValue(tick)}
            </text>
          </g>
        ))}
        {children}
      </svg>
      <figcaption
        style={{ display: 'flex', flexWrap: 'wrap', gap: '12px', fontSize: '12px', color: '#334155', marginTop: 4 }}
      >
        <strong style={{ fontWeight: 600 }}>{title}</strong>
        {legend.map((entry) => (
          <span key={entry.name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            {entry.swatch}
            {entry.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
