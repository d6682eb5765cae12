import type { Incident, IncidentFault } from '../db/generated/client';
import { PARTY_LABELS } from '../incidents/blame';
import { COMPONENT_LABELS } from '../incidents/components';
import type { AlertKindName, AlertMessage } from './types';

function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One message per alert, shared by every channel so they cannot drift apart. */
export function buildAlertMessage(
  incident: Incident & { faults: IncidentFault[] },
  kind: AlertKindName,
  options: { dashboardUrl: string; sequence?: number; now?: Date },
): AlertMessage {
  const now = options.now ?? new Date();
  const label = COMPONENT_LABELS[incident.component];
  const since = incident.startedAt.toISOString();
  // Last, so the figures lead: "At fault: ChatWatch (ours)" tells the engineer the fix is ours, not a ticket.
  const owner = ` At fault: ${PARTY_LABELS[incident.party]}.`;
  const summary =
    (kind === 'resolved'
      ? `${label} recovered after ${duration((incident.recoveredAt ?? incident.resolvedAt ?? now).getTime() - incident.startedAt.getTime())} (${incident.failedRunCount} failed run(s) of ${incident.openedBy}).`
      : `${label} has failed ${incident.failedRunCount} consecutive run(s) of ${incident.openedBy} since ${since}${kind === 'reminder' ? `, open for ${duration(now.getTime() - incident.detectedAt.getTime())}` : ''}. Last error: ${incident.lastError ?? 'unknown'}.`) +
    owner;
  return {
    kind,
    incidentId: incident.id,
    component: incident.component,
    party: incident.party,
    componentLabel: label,
    title: incident.title,
    summary: summary.length > 900 ? `${summary.slice(0, 899)}…` : summary,
    startedAt: incident.startedAt,
    detectedAt: incident.detectedAt,
    resolvedAt: incident.resolvedAt,
    url: `${options.dashboardUrl.replace(/\/+$/, '')}/incidents/${incident.id}`,
    dedupKey: `chatwatch-incident-${incident.id}`,
    sequence: options.sequence ?? 0,
    failedRuns: incident.failedRunCount,
    lastError: incident.lastError,
    faults: incident.faults.map((f) => ({ source: f.source, id: f.externalId, mode: f.mode, startedAt: f.startedAt })),
  };
}

const HEADLINE: Record<AlertKindName, string> = { opened: 'INCIDENT', reminder: 'STILL OPEN', resolved: 'RESOLVED' };

/** "[INCIDENT] Chat UI: …" — the first line every text channel uses. */
export function headline(message: AlertMessage): string {
  return `[${HEADLINE[message.kind]}] ${message.title}`;
}

/** "Matching fault(s): ui-down (flt_1)", or null when no injected or declared fault matched the incident. */
export function faultsLine(message: AlertMessage): string | null {
  return message.faults.length > 0
    ? `Matching fault(s): ${message.faults.map((f) => `${f.mode} (${f.id})`).join(', ')}`
    : null;
}

/** Plain-text body shared by Slack and the generic webhook. */
export function plainText(message: AlertMessage): string {
  const lines = [headline(message), message.summary];
  const faults = faultsLine(message);
  if (faults) lines.push(faults);
  lines.push(message.url);
  return lines.join('\n');
}
