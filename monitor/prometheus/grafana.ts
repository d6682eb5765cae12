// Reads the Grafana dashboards in grafana/dashboards so tests can check their shape and run their PromQL.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '..', '..', 'grafana', 'dashboards');

export interface DashboardTarget {
  refId: string;
  expr: string;
  instant?: boolean;
  datasource?: unknown;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  datasource?: unknown;
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: { value: number | null; color: string }[] } } };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating?: { list?: { name: string; type: string; query?: string }[] };
  annotations?: { list?: { name: string; expr?: string; datasource?: unknown }[] };
}

/** One PromQL expression of a dashboard: a panel target or an annotation query. */
export interface DashboardQuery {
  dashboard: string;
  /** "panel 7 “Title” A" or "annotation “Name”", for messages. */
  where: string;
  panelId: number | null;
  expr: string;
  instant: boolean;
}

export function loadDashboards(dir = DASHBOARDS_DIR): { file: string; dashboard: Dashboard }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Dashboard }));
}

/** Every panel, including those nested in collapsed rows. */
export function allPanels(dashboard: Dashboard): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const panels = allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({
      dashboard: dashboard.title,
      where: `panel ${panel.id} “${panel.title}” ${t.refId}`,
      panelId: panel.id,
      expr: t.expr,
      instant: t.instant === true,
    })),
  );
  const annotations = (dashboard.annotations?.list ?? [])
    .filter((a) => a.expr)
    .map((a) => ({
      dashboard: dashboard.title,
      where: `annotation “${a.name}”`,
      panelId: null,
      expr: a.expr!,
      instant: false,
    }));
  return [...panels, ...annotations];
}

/** Grafana's built-in variables the dashboards may use in PromQL; anything else is an error. */
export const SUPPORTED_VARIABLES = ['$__rate_interval', '$__range', '$__interval'] as const;

/** The expression as Grafana would send it, with its interval variables set to concrete durations. */
export function substituteVariables(
  expr: string,
  values: { rateInterval: string; range: string; interval: string },
): string {
  const replaced = expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__range', values.range)
    .replaceAll('$__interval', values.interval);
  const left = /\$\{?\w+/.exec(replaced);
  if (left) throw new Error(`Unsupported Grafana variable ${left[0]} in: ${expr}`);
  return replaced;
}

/** Vector selectors of an expression, written `name{matchers}` (the dashboards always use braces). */
export function vectorSelectors(expr: string): { metric: string; selector: string }[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)].map((m) => ({ metric: m[1]!, selector: m[0] }));
}

/** Metric names of an expression, bucket/sum/count suffixes kept. */
export function metricNames(expr: string): string[] {
  return [...new Set(vectorSelectors(expr).map((s) => s.metric))];
}

/**
 * Identifiers left after removing selectors written `name{…}`, strings, grouping clauses, range windows,
 * function calls, keywords and numbers: a bare metric name (`up` instead of `up{job="…"}`) shows up here.
 */
export function bareIdentifiers(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\}/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[a-zA-Z_][a-zA-Z0-9_]*\s*\(/g, '(')
    .replace(/\b(?:and|or|unless|bool|offset)\b/g, ' ')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, ' ');
  return stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
}
