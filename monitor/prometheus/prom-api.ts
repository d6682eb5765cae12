import { AppError } from '../../lib/errors';

// A small client for the parts of Prometheus's HTTP API (/api/v1) the tests and `npm run ops` use.

export interface Sample {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

export interface AlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  duration: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
}

export interface RuleGroup {
  name: string;
  file: string;
  rules: (AlertingRule | { type: 'recording'; name: string; query: string })[];
}

/** Error of a PromQL query or API call, with Prometheus's own message. */
export class PrometheusApiError extends AppError {
  override readonly name = 'PrometheusApiError';
  readonly code = 'PROMETHEUS_API';
}

/** One API call: queries are POSTed (long PromQL fits), read-only listings are GETs with their params in the URL. */
async function call<T>(
  baseUrl: string,
  apiPath: string,
  params: Record<string, string> = {},
  method: 'GET' | 'POST' = 'POST',
): Promise<T> {
  const url = new URL(`/api/v1/${apiPath}`, baseUrl);
  if (method === 'GET') for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method,
    ...(method === 'POST'
      ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) }
      : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => null)) as {
    status?: string;
    data?: T;
    error?: string;
    errorType?: string;
  } | null;
  if (!response.ok || body?.status !== 'success') {
    throw new PrometheusApiError(
      `${apiPath} ${JSON.stringify(params)} failed (HTTP ${response.status}): ${body?.errorType ?? ''} ${body?.error ?? ''}`.trim(),
    );
  }
  return body.data as T;
}

/** Instant query; returns the vector (scalars come back as one unlabelled sample). */
export async function instantQuery(baseUrl: string, query: string, time?: Date): Promise<Sample[]> {
  const data = await call<{ resultType: string; result: Sample[] | [number, string] }>(baseUrl, 'query', {
    query,
    ...(time ? { time: String(time.getTime() / 1000) } : {}),
  });
  if (data.resultType === 'scalar' || data.resultType === 'string')
    return [{ metric: {}, value: data.result as [number, string] }];
  return data.result as Sample[];
}

/** Range query, as a Grafana time-series panel runs it. */
export async function rangeQuery(
  baseUrl: string,
  query: string,
  start: Date,
  end: Date,
  stepSeconds: number,
): Promise<Sample[]> {
  const data = await call<{ result: Sample[] }>(baseUrl, 'query_range', {
    query,
    start: String(start.getTime() / 1000),
    end: String(end.getTime() / 1000),
    step: String(stepSeconds),
  });
  return data.result;
}

/** Alerts that are pending or firing now. */
export async function activeAlerts(baseUrl: string): Promise<PrometheusAlert[]> {
  return (await call<{ alerts: PrometheusAlert[] }>(baseUrl, 'alerts', {}, 'GET')).alerts;
}

/** Every loaded rule group with its rules' state and health. */
export async function ruleGroups(baseUrl: string): Promise<RuleGroup[]> {
  return (await call<{ groups: RuleGroup[] }>(baseUrl, 'rules', {}, 'GET')).groups;
}

/** Health of each scrape target, by job. */
export async function targetHealth(
  baseUrl: string,
): Promise<{ job: string; health: string; lastError: string; scrapeUrl: string }[]> {
  const data = await call<{
    activeTargets: { labels: { job: string }; health: string; lastError: string; scrapeUrl: string }[];
  }>(baseUrl, 'targets', { state: 'active' }, 'GET');
  return data.activeTargets.map((t) => ({
    job: t.labels.job,
    health: t.health,
    lastError: t.lastError,
    scrapeUrl: t.scrapeUrl,
  }));
}

/** Metric families Prometheus has seen in its targets' scrapes (from their # TYPE / # HELP lines). */
export async function metricMetadata(baseUrl: string): Promise<Set<string>> {
  return new Set(Object.keys(await call<Record<string, unknown>>(baseUrl, 'metadata', {}, 'GET')));
}
