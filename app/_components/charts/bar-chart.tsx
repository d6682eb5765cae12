import { CHART_PAD as PAD, ChartFrame, plotSize, XAxisLabel } from './chart-frame';
import { labelEvery, niceTicks } from './scale';

export interface BarStack {
  name: string;
  color: string;
  values: number[];
}

export interface StackedBarChartProps {
  title: string;
  description: string;
  categories: string[];
  stacks: BarStack[];
  formatValue: (value: number) => string;
  width?: number;
  height?: number;
  testId?: string;
}

/** A server-rendered SVG stacked bar chart (e.g. downtime per period, one colour per component). */
export function StackedBarChart({
  title,
  description,
  categories,
  stacks,
  formatValue,
  width = 640,
  height = 220,
  testId,
}: StackedBarChartProps) {
  const totals = categories.map((_, i) => stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(...totals, 1));
  const top = ticks.at(-1)!;
  const { innerW, innerH } = plotSize(width, height);
  const slot = innerW / Math.max(categories.length, 1);
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const every = labelEvery(categories.length, 8);
  return (
    <ChartFrame
      title={title}
      description={description}
      width={width}
      height={height}
      testId={testId}
      ticks={ticks}
      y={y}
      formatValue={formatValue}
      legend={stacks.map((s) => ({
        name: s.name,
        swatch: (
          <svg width="10" height="10" aria-hidden="true">
            <rect width="10" height="10" fill={s.color} />
          </svg>
        ),
      }))}
    >
      {categories.map((label, i) => {
        let base = 0;
        const cx = PAD.left + slot * i + slot / 2;
        return (
          <g key={label + i}>
            {stacks.map((s) => {
              const v = s.values[i] ?? 0;
              if (v <= 0) return null;
              const rect = (
                <rect
                  key={s.name}
                  x={cx - barW / 2}
                  y={y(base + v)}
                  width={barW}
                  height={Math.max(0.5, y(base) - y(base + v))}
                  fill={s.color}
                >
                  <title>{`${label} · ${s.name}: ${formatValue(v)}`}</title>
                </rect>
              );
              base += v;
              return rect;
            })}
            {i % every === 0 ? (
              <XAxisLabel x={cx} height={height}>
                {label}
              </XAxisLabel>
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}
