import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateInput, type Observation, type OpenIncident, type Stream } from './outcome';

const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s));
const lagging = new Set(['reconciliation']);

/** Feeds a sequence of runs through evaluate(), keeping streams and incidents as apply-outcome would. */
function simulate(
  runs: { check: string; at: number; observations: Observation[] }[],
  options: { n?: number; m?: number; incidents?: OpenIncident[] } = {},
) {
  let streams: Stream[] = [];
  let incidents: OpenIncident[] = options.incidents ?? [];
  const log: { at: number; decisions: string[]; confirm: boolean }[] = [];
  let id = 0;
  for (const run of runs) {
    const input: EvaluateInput = {
      check: run.check,
      run: { id: `run-${run.at}`, startedAt: t(run.at) },
      observations: run.observations,
      streams,
      openIncidents: incidents,
      isLagging: (c) => lagging.has(c),
      failuresToOpen: options.n ?? 2,
      passesToResolve: options.m ?? 2,
    };
    const result = evaluate(input);
    streams = [
      ...streams.filter((s) => !result.updated.some((u) => u.check === s.check && u.component === s.component)),
      ...result.updated,
    ];
    for (const d of result.decisions) {
      if (d.type === 'open')
        incidents = [
          ...incidents,
          { id: `inc-${++id}`, component: d.component, openedBy: run.check, startedAt: d.startedAt },
        ];
      if (d.type === 'resolve') incidents = incidents.filter((i) => i.id !== d.incidentId);
    }
    log.push({
      at: run.at,
      decisions: result.decisions.map(
        (d) =>
          `${d.type}:${d.component}${d.type === 'open' ? `@${d.startedAt.getUTCSeconds()}` : d.type === 'resolve' ? `@${d.recoveredAt.getUTCSeconds()}` : ''}`,
      ),
      confirm: result.confirm,
    });
  }
  return { log, incidents, streams };
}

const fail = (component: Observation['component'], error = 'boom'): Observation => ({
  component,
  passed: false,
  error,
});
const pass = (component: Observation['component']): Observation => ({ component, passed: true });

describe('incident rules', () => {
  it('starts an incident at the first failing observation (the failed step), not at the start of its run', () => {
    // The run began at :00 but reached the failing webhook step at :08; the fault was first seen then.
    const { log } = simulate([
      { check: 'chat-journey', at: 0, observations: [pass('app'), { ...fail('webhooks'), at: t(8) }] },
      { check: 'chat-journey', at: 15, observations: [pass('app'), { ...fail('webhooks'), at: t(21) }] },
    ]);
    expect(log.at(-1)!.decisions).toEqual(['open:webhooks@8']);
  });

  it('keeps our own parts apart: a refused sign-in (app) never counts against the chat UI', () => {
    const { log, incidents } = simulate([
      { check: 'chat-journey', at: 0, observations: [fail('app', 'sign-in refused: Too many attempts')] },
      { check: 'chat-journey', at: 15, observations: [fail('app', 'sign-in refused: Too many attempts')] },
    ]);
    expect(log.at(-1)!.decisions).toEqual(['open:app@0']);
    expect(incidents.map((i) => i.component)).toEqual(['app']);
  });

  it('a single counted failure asks for a confirmation run and opens nothing', () => {
    const { log, incidents } = simulate([
      { check: 'vendor-api', at: 0, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 15, observations: [pass('vendor_api')] },
    ]);
    expect(log).toEqual([
      { at: 0, decisions: [], confirm: true },
      { at: 15, decisions: [], confirm: false },
    ]);
    expect(incidents).toEqual([]);
  });

  it('opens after N consecutive failures, dated from the first one, then attaches further failures without confirmations', () => {
    const { log } = simulate([
      { check: 'vendor-api', at: 0, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 15, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 30, observations: [fail('vendor_api', 'other')] },
    ]);
    expect(log.map((l) => [l.decisions, l.confirm])).toEqual([
      [[], true],
      [['open:vendor_api@0'], false],
      [['attach:vendor_api'], false],
    ]);
  });

  it('resolves after M consecutive passes, recovered at the first pass; a failure in between restarts the count', () => {
    const { log, incidents } = simulate([
      { check: 'vendor-api', at: 0, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 10, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 20, observations: [pass('vendor_api')] },
      { check: 'vendor-api', at: 25, observations: [fail('vendor_api')] },
      { check: 'vendor-api', at: 30, observations: [pass('vendor_api')] },
      { check: 'vendor-api', at: 35, observations: [pass('vendor_api')] },
    ]);
    expect(log.map((l) => [l.decisions, l.confirm])).toEqual([
      [[], true],
      [['open:vendor_api@0'], false],
      [[], true],
      [['attach:vendor_api'], false],
      [[], true],
      [['resolve:vendor_api@30'], false],
    ]);
    expect(incidents).toEqual([]);
  });

  it('judges each component of a journey on its own: a webhook failure is not a chat UI failure', () => {
    const { log } = simulate([
      { check: 'chat-journey', at: 0, observations: [pass('chat_ui'), fail('webhooks')] },
      { check: 'chat-journey', at: 15, observations: [pass('chat_ui'), fail('webhooks')] },
    ]);
    expect(log[1]!.decisions).toEqual(['open:webhooks@0']);
  });

  it('with N=1 the first counted failure opens at once', () => {
    expect(
      simulate([{ check: 'vendor-api', at: 0, observations: [fail('vendor_api')] }], { n: 1 }).log[0]!.decisions,
    ).toEqual(['open:vendor_api@0']);
  });

  it('a lagging audit gets no confirmation runs and does not hold open an incident a live check opened', () => {
    const { log, incidents } = simulate([
      { check: 'chat-journey', at: 0, observations: [pass('chat_ui'), fail('webhooks')] },
      { check: 'reconciliation', at: 5, observations: [fail('webhooks')] },
      { check: 'chat-journey', at: 15, observations: [pass('chat_ui'), fail('webhooks')] },
      { check: 'reconciliation', at: 20, observations: [fail('webhooks')] },
      { check: 'chat-journey', at: 30, observations: [pass('chat_ui'), pass('webhooks')] },
      { check: 'chat-journey', at: 45, observations: [pass('chat_ui'), pass('webhooks')] },
    ]);
    expect(log.map((l) => [l.decisions, l.confirm])).toEqual([
      [[], true],
      [[], false],
      [['open:webhooks@0'], false],
      [['attach:webhooks'], false],
      [[], true],
      [['resolve:webhooks@30'], false],
    ]);
    expect(incidents).toEqual([]);
  });

  it('an incident the audit opened waits for the audit’s own passes', () => {
    const { log } = simulate([
      { check: 'reconciliation', at: 0, observations: [fail('webhooks')] },
      { check: 'reconciliation', at: 10, observations: [fail('webhooks')] },
      { check: 'chat-journey', at: 12, observations: [pass('webhooks')] },
      { check: 'chat-journey', at: 14, observations: [pass('webhooks')] },
      { check: 'reconciliation', at: 20, observations: [pass('webhooks')] },
      { check: 'reconciliation', at: 30, observations: [pass('webhooks')] },
    ]);
    expect(log.map((l) => l.decisions)).toEqual([[], ['open:webhooks@0'], [], [], [], ['resolve:webhooks@20']]);
  });

  it('a live check that failed during the incident must pass M times too', () => {
    const { log } = simulate(
      [
        { check: 'chat-journey', at: 10, observations: [fail('chat_ui')] },
        { check: 'vendor-api', at: 11, observations: [pass('chat_ui')] },
        { check: 'vendor-api', at: 12, observations: [pass('chat_ui')] },
        { check: 'chat-journey', at: 20, observations: [pass('chat_ui')] },
        { check: 'chat-journey', at: 30, observations: [pass('chat_ui')] },
      ],
      { incidents: [{ id: 'inc-x', component: 'chat_ui', openedBy: 'vendor-api', startedAt: t(0) }] },
    );
    expect(log.map((l) => l.decisions)).toEqual([['attach:chat_ui'], [], [], [], ['resolve:chat_ui@20']]);
  });
});

describe('first failing observation across attempts', () => {
  it('dates a failure by the first attempt’s failed step when the retry failed on the same component', async () => {
    const { firstSeen } = await import('./runner');
    const first: Observation[] = [{ ...fail('webhooks'), at: t(8) }];
    const retry: Observation[] = [pass('app'), { ...fail('webhooks'), at: t(20) }];
    expect(firstSeen(first, retry)).toEqual([pass('app'), { ...fail('webhooks'), at: t(8) }]);
    // A first attempt that failed elsewhere says nothing about when this failure began.
    expect(firstSeen([{ ...fail('app'), at: t(2) }], retry)).toEqual(retry);
  });
});
