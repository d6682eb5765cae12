import { describe, expect, it } from 'vitest';
import { planFaults } from './schedule';
import { scoreRun, type ObservedIncident, type TruthFault } from './score';
import { formatTable } from './table';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const TAIL = 30_000;
const faults: TruthFault[] = [
  { kind: 'ui-down', startedAt: t(100), endedAt: t(130) },
  { kind: 'database-paused', startedAt: t(300), endedAt: t(320) },
  { kind: 'mail-5xx', startedAt: t(500), endedAt: t(530) },
];
let n = 0;
const incident = (over: Partial<ObservedIncident> & Pick<ObservedIncident, 'component' | 'party' | 'detectedAt'>) => ({
  id: `inc-${++n}`,
  firstAlertAt: null,
  alerts: {},
  ...over,
});

describe('scoreRun', () => {
  it('counts a right detection, a consequence, a mis-blame, a false incident and a miss, each where it belongs', () => {
    const score = scoreRun(
      faults,
      [
        incident({
          component: 'chat_ui',
          party: 'vendor',
          detectedAt: t(120),
          firstAlertAt: t(121),
          alerts: { slack: 2, pagerduty: 2 },
        }),
        incident({
          component: 'database',
          party: 'ours',
          detectedAt: t(345),
          firstAlertAt: t(347),
          alerts: { slack: 1 },
        }),
        // Our app answering 503 while our database is away: ours, and listed as a consequence.
        incident({ component: 'app', party: 'ours', detectedAt: t(310), firstAlertAt: t(311), alerts: { slack: 1 } }),
        // The vendor blamed during our own database pause: the mistake the bench exists to catch.
        incident({ component: 'webhooks', party: 'vendor', detectedAt: t(315) }),
        // Between windows (t(130)+30 s < t(200) < t(300)): nothing was injected.
        incident({ component: 'vendor_api', party: 'vendor', detectedAt: t(200) }),
      ],
      TAIL,
    );
    expect(score.incidents.map((v) => [v.incident.component, v.verdict, v.fault])).toEqual([
      ['chat_ui', 'detected', 0],
      ['database', 'detected', 1],
      ['app', 'consequence', 1],
      ['webhooks', 'mis-blamed', 1],
      ['vendor_api', 'false', null],
    ]);
    expect(score.faults.map((f) => [f.fault.kind, f.missed, f.misBlamed, f.detectMs, f.alertMs])).toEqual([
      ['ui-down', false, 0, 20_000, 21_000],
      // Detected by its own component at 345 s; the first alert was the consequence's, at 311 s.
      ['database-paused', false, 1, 45_000, 11_000],
      ['mail-5xx', true, 0, null, null],
    ]);
    expect(score.faults[1]!.alerts).toEqual({ slack: 2 });
    expect([score.missed, score.falseIncidents, score.misBlamed]).toEqual([1, 1, 1]);
  });

  it('closes the matching window exactly tailMs after the fault ends, and never opens it before the start', () => {
    const at = (s: number, ms = 0) => new Date(t(s).getTime() + ms);
    const score = scoreRun(
      faults.slice(0, 1),
      [
        incident({ component: 'chat_ui', party: 'vendor', detectedAt: at(99, 999) }),
        incident({ component: 'chat_ui', party: 'vendor', detectedAt: at(160) }),
        incident({ component: 'chat_ui', party: 'vendor', detectedAt: at(160, 1) }),
      ],
      TAIL,
    );
    expect(score.incidents.map((v) => v.verdict)).toEqual(['false', 'detected', 'false']);
  });

  it('calls an incident of the right party but an unlisted component a mis-blame', () => {
    const stopped: TruthFault = { kind: 'worker-stopped', startedAt: t(500), endedAt: t(530) };
    const score = scoreRun(
      [stopped],
      [
        incident({ component: 'pipeline', party: 'ours', detectedAt: t(510) }),
        // Ours too, but a stopped worker does not make our sign-in fail: not a consequence the truth lists.
        incident({ component: 'app', party: 'ours', detectedAt: t(511) }),
      ],
      TAIL,
    );
    expect(score.incidents.map((v) => v.verdict)).toEqual(['detected', 'mis-blamed']);
  });
});

describe('a fault whose hold reached its bound', () => {
  const reason = '1 of 2 counted chat-journey runs ended within the 150 s max hold';
  it('is "not observed" with its reason when nothing detected it, never a silent miss', () => {
    const score = scoreRun(
      [
        { kind: 'ui-down', startedAt: t(100), endedAt: t(250), notObserved: reason },
        { kind: 'mail-5xx', startedAt: t(500), endedAt: t(530) },
      ],
      [],
      TAIL,
    );
    expect(score.faults.map((f) => [f.fault.kind, f.missed, f.notObserved])).toEqual([
      ['ui-down', false, reason],
      ['mail-5xx', true, null],
    ]);
    expect([score.missed, score.notObserved]).toEqual([1, 1]);
    const table = formatTable(score);
    expect(table).toContain('| ui-down | vendor | 1 | 0 | 1 | 0 |');
    expect(table).toContain('1 missed · 1 not observed');
    expect(table).toContain(`not observed: fault 1 (ui-down): ${reason}`);
  });

  it('counts as detected when an incident of its component still opened in its window', () => {
    const score = scoreRun(
      [{ kind: 'ui-down', startedAt: t(100), endedAt: t(250), notObserved: reason }],
      [incident({ component: 'chat_ui', party: 'vendor', detectedAt: t(240) })],
      TAIL,
    );
    expect(score.faults[0]).toMatchObject({ missed: false, notObserved: null, detectMs: 140_000 });
    expect(score.notObserved).toBe(0);
  });
});

describe('planFaults', () => {
  it('replays the same schedule from the same seed, covers every kind in the full form, and puts a third under load', () => {
    const plan = planFaults(42, 12);
    expect(planFaults(42, 12)).toEqual(plan);
    expect(planFaults(43, 12)).not.toEqual(plan);
    expect(new Set(plan.map((p) => p.kind)).size).toBe(11);
    expect(plan.filter((p) => p.underLoad).length).toBeGreaterThanOrEqual(4);
    expect(plan.every((p) => p.leadMs >= 5000 && p.leadMs <= 20_000)).toBe(true);
  });
});
