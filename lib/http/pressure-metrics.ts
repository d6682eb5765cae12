import { Counter, Gauge } from 'prom-client';
import { metric } from '../metrics/registry';

/** The load-shedding guard's metrics (lib/http/pressure.ts), documented in docs/metrics.md. */
export const pressureMetrics = () => ({
  delay: metric(
    'web_event_loop_delay_seconds',
    (registry) =>
      new Gauge({
        name: 'web_event_loop_delay_seconds',
        help: "The web process's event-loop delay over the last pressure sample.",
        registers: [registry],
      }),
  ),
  utilization: metric(
    'web_event_loop_utilization_ratio',
    (registry) =>
      new Gauge({
        name: 'web_event_loop_utilization_ratio',
        help: "Share of the last pressure sample the web process's event loop was busy (0–1).",
        registers: [registry],
      }),
  ),
  underPressure: metric(
    'web_under_pressure',
    (registry) =>
      new Gauge({
        name: 'web_under_pressure',
        help: '1 while routes shed requests because the web process is starved, else 0.',
        registers: [registry],
      }),
  ),
  shed: metric(
    'http_shed_responses_total',
    (registry) =>
      new Counter({
        name: 'http_shed_responses_total',
        help: 'Requests answered 503 overloaded before their handler ran, by route.',
        labelNames: ['route'] as const,
        registers: [registry],
      }),
  ),
});
