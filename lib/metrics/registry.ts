import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

// Next.js may load a module more than once (one copy per route bundle); metrics and the registry
// live on globalThis so every copy shares one set and registration never happens twice.
const store = globalThis as unknown as { chatwatchMetrics?: { registry: Registry; metrics: Map<string, Metric> } };

function state() {
  if (!store.chatwatchMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    store.chatwatchMetrics = { registry, metrics: new Map() };
  }
  return store.chatwatchMetrics;
}

/** The app's one Prometheus registry (served at /api/metrics). */
export function getRegistry(): Registry {
  return state().registry;
}

/** Returns the metric called `name`, creating it once with `create(registry)`. */
export function metric<M extends Metric>(name: string, create: (registry: Registry) => M): M {
  const { registry, metrics } = state();
  let existing = metrics.get(name);
  if (!existing) {
    existing = create(registry);
    metrics.set(name, existing);
  }
  return existing as M;
}
