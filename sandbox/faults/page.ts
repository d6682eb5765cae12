import { html, raw } from 'hono/html';
import { layout, when } from '../admin/layout';
import { FAULT_MODES, FAULT_MODE_NAMES } from './modes';
import type { Fault } from './store';

const row = (f: Fault) => html`<tr>
  <td><code>${f.id}</code></td><td>${f.mode}</td><td>${f.probability}</td><td>${f.delayMs ?? '—'}</td>
  <td>${when(f.startedAt)}</td><td>${when(f.endsAt)}</td><td>${when(f.endedAt)}</td>
</tr>`;

const table = (faults: Fault[]) => html`<table>
  <thead><tr><th>id</th><th>mode</th><th>probability</th><th>delayMs</th><th>started</th><th>ends</th><th>ended</th></tr></thead>
  <tbody>${faults.map(row)}</tbody>
</table>`;

// Small enough to inline: posts the form as JSON, like the CLI does.
const script = `
document.getElementById('start').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target); const body = { mode: f.get('mode') };
  for (const k of ['durationMs', 'probability', 'delayMs']) if (f.get(k)) body[k] = Number(f.get(k));
  const r = await fetch('/admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) alert(await r.text()); location.reload();
});
document.getElementById('clear').addEventListener('click', async () => { await fetch('/admin/faults', { method: 'DELETE' }); location.reload(); });
`;

export function faultsPage(active: Fault[], history: Fault[]) {
  return layout(
    'Faults',
    html`<form id="start" class="filters">
        <select name="mode" aria-label="mode">${FAULT_MODE_NAMES.map((m) => html`<option value="${m}" title="${FAULT_MODES[m].description}">${m}</option>`)}</select>
        <input name="durationMs" type="number" min="1" placeholder="durationMs" aria-label="durationMs" />
        <input name="probability" type="number" min="0" max="1" step="0.05" placeholder="probability" aria-label="probability" />
        <input name="delayMs" type="number" min="0" placeholder="delayMs" aria-label="delayMs" />
        <button>Start fault</button> <button type="button" id="clear">Clear all</button>
      </form>
      <h2>Active</h2>
      ${table(active)}
      <h2>History</h2>
      ${table(history)}
      <script>${raw(script)}</script>`,
  );
}
