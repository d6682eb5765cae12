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

const PAD = { top: 12, right: 12, bottom: 34, left: 64 };

/** A server-rendered SVG stacked bar chart (e.g. downtime per period, one colour per component). */
export function StackedBarChart({ title, description, categories, stacks, formatValue, width = 640, height = 220, testId }: StackedBarChartProps) {
  const totals = categories.map((_, i) => stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(...totals, 1));
  const top = ticks.at(-1)!;
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(categories.length, 1);
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const every = labelEvery(categories.length, 8);
  const id = `bars-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  return (
    <figure className="chart" data-testid={testId} style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} style={{ maxWidth: width, display: 'block' }}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#475569">{formatValue(tick)}</text>
          </g>
        ))}
        {categories.map((label, i) => {
          let base = 0;
          const cx = PAD.left + slot * i + slot / 2;
          return (
            <g key={label + i}>
              {stacks.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const rect = <rect key={s.name} x={cx - barW / 2} y={y(base + v)} width={barW} height={Math.max(0.5, y(base) - y(base + v))} fill={s.color}><title>{`${label} · ${s.name}: ${formatValue(v)}`}</title></rect>;
                base += v;
                return rect;
              })}
              {i % every === 0 ? <text x={cx} y={height - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#475569">{label}</text> : null}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ display: 'flex', flexWrap: 'wrap', gap: '12px', fontSize: '12px', color: '#334155', marginTop: 4 }}>
        <strong style={{ fontWeight: 600 }}>{title}</strong>
        {stacks.map((s) => (
          <span key={s.name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill={s.color} /></svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
