import { KINDS, type FaultKind } from './kinds';
import type { Score } from './score';

const CHANNELS = ['slack', 'pagerduty', 'webhook', 'email'] as const;
const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const median = (xs: number[]) => {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The score as a Markdown table: one row per fault kind, then the false incidents (outside every window). */
export function formatTable(score: Score): string {
  const kinds = [...new Set(score.faults.map((f) => f.fault.kind))] as FaultKind[];
  const lines = [
    `| fault kind | party | faults | missed | not observed | mis-blamed | time-to-detect (median / max) | time-to-alert (median / max) | alerts ${CHANNELS.join(' / ')} |`,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const kind of kinds) {
    const rows = score.faults.filter((f) => f.fault.kind === kind);
    const detect = rows.flatMap((r) => (r.detectMs === null ? [] : [r.detectMs]));
    const alert = rows.flatMap((r) => (r.alertMs === null ? [] : [r.alertMs]));
    const alerts = CHANNELS.map((c) => rows.reduce((n, r) => n + (r.alerts[c] ?? 0), 0)).join(' / ');
    lines.push(
      `| ${kind} | ${KINDS[kind].party} | ${rows.length} | ${rows.filter((r) => r.missed).length} | ${rows.filter((r) => r.notObserved).length} | ${rows.reduce((n, r) => n + r.misBlamed, 0)} | ${seconds(median(detect))} / ${seconds(detect.length ? Math.max(...detect) : undefined)} | ${seconds(median(alert))} / ${seconds(alert.length ? Math.max(...alert) : undefined)} | ${alerts} |`,
    );
  }
  lines.push(`| (no fault) false incidents | — | — | — | — | — | — | — | ${score.falseIncidents} |`);
  lines.push(
    '',
    `Total: ${score.faults.length} faults of ${kinds.length} kinds · ${score.missed} missed · ${score.notObserved} not observed · ${score.falseIncidents} false · ${score.misBlamed} mis-blamed`,
  );
  score.faults.forEach((f, i) => {
    if (f.notObserved) lines.push(`not observed: fault ${i + 1} (${f.fault.kind}): ${f.notObserved}`);
  });
  return lines.join('\n');
}

/** One line per incident with its verdict, for the log (what the table counts). */
export function formatIncidents(score: Score): string {
  return score.incidents
    .map(
      (v) =>
        `${v.verdict.padEnd(11)} ${v.incident.component}/${v.incident.party} detected ${v.incident.detectedAt.toISOString()}${v.fault === null ? '' : ` in the window of fault ${v.fault + 1} (${score.faults[v.fault]!.fault.kind})`} · ${v.incident.id}`,
    )
    .join('\n');
}
