import { CHART_PAD as PAD, ChartFrame, plotSize, XAxisLabel } from './chart-frame';
import { labelEvery, niceTicks, ticksDownFrom } from './scale';

export interface LineSeries {
  name: string;
  color: string;
  /** One value per category; null leaves a gap. */
  values: (number | null)[];
  dashed?: boolean;
}

export interface LineChartProps {
  title: string;
  /** Read by screen readers: what the chart shows, in words. */
  description: string;
  categories: string[];
  series: LineSeries[];
  formatValue: (value: number) => string;
  /** Lowest value of the y axis (uptime charts start near the lowest figure, not at 0). */
  yMin?: number;
  yMax?: number;
  width?: number;
  height?: number;
  testId?: string;
  /** Shown instead of an empty chart when no series has a value. */
  emptyText?: string;
}

/** A server-rendered SVG line chart: no client JavaScript, prints in PDFs as it shows on screen. */
export function LineChart({
  title,
  description,
  categories,
  series,
  formatValue,
  yMin = 0,
  yMax,
  width = 640,
  height = 220,
  testId,
  emptyText = 'No data in this period.',
}: LineChartProps) {
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (values.length === 0) {
    return (
      <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
        <p
          style={{
            border: '1px dashed #cbd5e1',
            borderRadius: 6,
            padding: '24px 12px',
            color: '#475569',
            fontSize: 13,
            textAlign: 'center',
            margin: 0,
          }}
        >
          {emptyText}
        </p>
        <figcaption style={{ fontSize: '12px', color: '#334155', marginTop: 4 }}>
          <strong style={{ fontWeight: 600 }}>{title}</strong>
        </figcaption>
      </figure>
    );
  }
  const ticks = yMax !== undefined ? ticksDownFrom(yMax, yMin) : niceTicks(Math.max(...values, yMin + 1e-9), 4, yMin);
  const bottom = ticks[0]!;
  const top = ticks.at(-1)!;
  const { innerW, innerH } = plotSize(width, height);
  const x = (i: number) => PAD.left + (categories.length <= 1 ? innerW / 2 : (i / (categories.length - 1)) * innerW);
  const y = (v: number) =>
    PAD.top + innerH - ((Math.min(Math.max(v, bottom), top) - bottom) / (top - bottom || 1)) * innerH;
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
      legend={series.map((s) => ({
        name: s.name,
        swatch: (
          <svg width="16" height="4" aria-hidden="true">
            <line
              x1="0"
              x2="16"
              y1="2"
              y2="2"
              stroke={s.color}
              strokeWidth="3"
              strokeDasharray={s.dashed ? '4 2' : undefined}
            />
          </svg>
        ),
      }))}
    >
      {categories.map((label, i) =>
        i % every === 0 ? (
          <XAxisLabel
            key={label + i}
            x={x(i)}
            height={height}
            // The first and last labels stay inside the chart.
            anchor={
              i === 0 && categories.length > 1
                ? 'start'
                : i === categories.length - 1 && categories.length > 1
                  ? 'end'
                  : 'middle'
            }
          >
            {label}
          </XAxisLabel>
        ) : null,
      )}
      {series.map((s) => {
        const segments: string[][] = [[]];
        s.values.forEach((v, i) => {
          if (v === null) segments.push([]);
          else segments.at(-1)!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
        });
        return (
          <g key={s.name}>
            {segments
              .filter((seg) => seg.length > 1)
              .map((seg, i) => (
                <polyline
                  key={i}
                  points={seg.join(' ')}
                  fill="none"
                  stroke={s.color}
                  strokeWidth="2"
                  strokeDasharray={s.dashed ? '5 3' : undefined}
                />
              ))}
            {segments
              .filter((seg) => seg.length === 1)
              .map((seg, i) => {
                const [cx, cy] = seg[0]!.split(',');
                return <circle key={`p${i}`} cx={cx} cy={cy} r="2.5" fill={s.color} />;
              })}
          </g>
        );
      })}
    </ChartFrame>
  );
}
