import { html } from 'hono/html';
import type { StoredAlert } from '../sinks/store';
import type { Delivery } from '../webhooks/deliveries';

const attempts = (d: Delivery) =>
  d.attempts.map(
    (a) =>
      html`<div class="${a.ok ? 'ok' : 'bad'}" title="${a.startedAt}">#${a.attempt}${a.duplicate ? ' (dup)' : ''} ${a.startedAt.slice(11, 23)} → ${a.statusCode ?? '—'} in ${a.durationMs} ms${a.error ? ` · ${a.error}` : ''}</div>`,
  );

const faultsApplied = (d: Delivery) =>
  [
    d.dropped && 'dropped',
    d.duplicated && 'duplicated',
    d.delayedMs !== null && `delayed ${d.delayedMs} ms`,
    d.heldByFaultId && 'reordered',
  ]
    .filter(Boolean)
    .join(', ') || '—';

export function deliveriesTable(
  rows: Delivery[],
  query: { target: string; status?: string | undefined; eventType?: string | undefined },
) {
  return html`<form class="filters">
      <input type="hidden" name="target" value="${query.target}" />
      <select name="status" aria-label="status">
        <option value="">any status</option>
        ${['pending', 'held', 'delivered', 'failed', 'dropped'].map((s) => html`<option ${s === query.status ? 'selected' : ''}>${s}</option>`)}
      </select>
      <input name="eventType" placeholder="event type" value="${query.eventType ?? ''}" aria-label="event type" />
      <button>Filter</button>
    </form>
    <table>
      <thead><tr><th>created</th><th>event</th><th>type</th><th>message</th><th>status</th><th>faults</th><th>attempts</th></tr></thead>
      <tbody>
        ${rows.map(
          (d) => html`<tr>
            <td>${d.createdAt}</td><td><code>${d.eventId}</code></td><td>${d.type}</td><td><code>${d.messageId ?? '—'}</code></td>
            <td class="${d.status === 'delivered' ? 'ok' : d.status === 'pending' || d.status === 'held' ? '' : 'bad'}">${d.status}</td>
            <td>${faultsApplied(d)}</td><td>${attempts(d)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

export function alertsTable(rows: StoredAlert[]) {
  return html`<table>
    <thead><tr><th>received</th><th>sink</th><th>target</th><th>payload</th></tr></thead>
    <tbody>
      ${rows.map((a) => html`<tr><td>${a.receivedAt}</td><td>${a.sink}</td><td>${a.target}</td><td><pre>${JSON.stringify(a.payload, null, 2)}</pre></td></tr>`)}
    </tbody>
  </table>`;
}
