import {
  Counter,
  Histogram,
  type CounterConfiguration,
  type HistogramConfiguration,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { logger } from '../logger';
import { readSharedSeries, type Labels, type SqlReader } from './shared-counters';

// prom-client metrics whose values are read from metric_counter at scrape time (see shared-counters.ts).
// A scrape while the database is down still succeeds; these families are then empty and the failure is logged.

const log = logger.child({ component: 'metrics' });

type Values = MetricObjectWithValues<MetricValue<string>>;

async function safeRead(reader: () => SqlReader, names: string[]) {
  try {
    return await readSharedSeries(reader(), names);
  } catch (error) {
    log.warn({ err: error, metrics: names }, 'could not read shared metrics from PostgreSQL');
    return [];
  }
}

/** A counter summed from metric_counter rows named like the counter. */
export class DbCounter<T extends string> extends Counter<T> {
  private readonly family: { name: string; help: string };
  constructor(
    config: CounterConfiguration<T>,
    private readonly reader: () => SqlReader,
  ) {
    super(config);
    this.family = { name: config.name, help: config.help };
  }

  override async get(): Promise<Values> {
    const series = await safeRead(this.reader, [this.family.name]);
    return {
      ...this.family,
      type: 'counter',
      aggregator: 'sum',
      values: series.map((s) => ({ labels: s.labels, value: s.value })),
    } as unknown as Values;
  }

  /** The registry prefers this over get() when present (prom-client uses it for exemplars). */
  getForPromString(): Promise<Values> {
    return this.get();
  }
}

/** A histogram whose `_bucket`, `_sum` and `_count` series come from metric_counter rows. */
export class DbHistogram<T extends string> extends Histogram<T> {
  private readonly bounds: number[];
  private readonly family: { name: string; help: string };
  private readonly hasLabels: boolean;
  constructor(
    config: HistogramConfiguration<T> & { buckets: number[] },
    private readonly reader: () => SqlReader,
  ) {
    super(config);
    this.bounds = config.buckets;
    this.family = { name: config.name, help: config.help };
    this.hasLabels = (config.labelNames ?? []).length > 0;
  }

  override async get(): Promise<Values> {
    const { name } = this.family;
    const series = await safeRead(this.reader, [`${name}_bucket`, `${name}_sum`, `${name}_count`]);
    const groups = new Map<string, { labels: Labels; buckets: Map<string, number>; sum: number; count: number }>();
    const groupOf = (labels: Labels) => {
      const { le: _le, ...rest } = labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { labels: rest, buckets: new Map(), sum: 0, count: 0 }));
      return group;
    };
    if (!this.hasLabels) groupOf({});
    for (const s of series) {
      const group = groupOf(s.labels);
      if (s.name.endsWith('_bucket')) group.buckets.set(s.labels.le ?? '+Inf', s.value);
      else if (s.name.endsWith('_sum')) group.sum = s.value;
      else group.count = s.value;
    }
    const values: MetricValue<string>[] = [];
    for (const group of groups.values()) {
      for (const le of [...this.bounds.map(String), '+Inf']) {
        values.push({
          metricName: `${name}_bucket`,
          labels: { ...group.labels, le },
          value: group.buckets.get(le) ?? 0,
        } as MetricValue<string>);
      }
      values.push({ metricName: `${name}_sum`, labels: group.labels, value: group.sum } as MetricValue<string>);
      values.push({ metricName: `${name}_count`, labels: group.labels, value: group.count } as MetricValue<string>);
    }
    return { ...this.family, type: 'histogram', aggregator: 'sum', values } as unknown as Values;
  }

  /** The registry prefers this over get() when present (prom-client's Histogram has one, for exemplars). */
  getForPromString(): Promise<Values> {
    return this.get();
  }
}
