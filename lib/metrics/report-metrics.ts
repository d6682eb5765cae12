import { Counter, Gauge, Histogram } from 'prom-client';
import { metric } from './registry';

// Metrics of the status dashboard and the reports (docs/status-and-reports.md).

export const reportExports = () =>
  metric(
    'report_exports_total',
    (registry) =>
      new Counter({
        name: 'report_exports_total',
        help: 'Report and evidence downloads by format (csv, pdf, zip) and result (ok, error).',
        labelNames: ['format', 'result'] as const,
        registers: [registry],
      }),
  );

export const reportExportSeconds = () =>
  metric(
    'report_export_duration_seconds',
    (registry) =>
      new Histogram({
        name: 'report_export_duration_seconds',
        help: 'Time to produce a report or evidence download, by format.',
        labelNames: ['format'] as const,
        buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
        registers: [registry],
      }),
  );

export const statusStreams = () =>
  metric(
    'status_stream_connections',
    (registry) =>
      new Gauge({
        name: 'status_stream_connections',
        help: 'Open live-update streams of /status.',
        registers: [registry],
      }),
  );

/** Times one export and counts its result. */
export async function measureExport<T>(format: 'csv' | 'pdf' | 'zip', work: () => Promise<T>): Promise<T> {
  const end = reportExportSeconds().startTimer({ format });
  try {
    const result = await work();
    reportExports().inc({ format, result: 'ok' });
    return result;
  } catch (error) {
    reportExports().inc({ format, result: 'error' });
    throw error;
  } finally {
    end();
  }
}
