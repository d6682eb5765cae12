import { describe, expect, it } from 'vitest';
import { computeUptime } from './compute-uptime';
import { incidentStats } from './incident-stats';
import { intersect, measure, normalize, subtract } from './intervals';

// Every expected figure below is worked out by hand in the comment beside it.
const t = (iso: string) => new Date(`${iso}Z`);
const span = (from: string, to: string) => ({ start: t(from).getTime(), end: t(to).getTime() });
const MIN = 60_000;
const DAY = 1440 * MIN;

describe('intervals', () => {
  it('merges overlapping and touching spans and measures them once', () => {
    const list = [
      span('2026-03-01T10:20', '2026-03-01T11:00'),
      span('2026-03-01T10:00', '2026-03-01T10:30'),
      span('2026-03-01T11:00', '2026-03-01T11:05'),
    ];
    expect(normalize(list)).toEqual([span('2026-03-01T10:00', '2026-03-01T11:05')]);
    expect(measure(list)).toBe(65 * MIN);
  });

  it('subtracts holes, including ones that split a span', () => {
    const result = subtract(
      [span('2026-03-01T10:00', '2026-03-01T12:00')],
      [span('2026-03-01T10:30', '2026-03-01T11:00'), span('2026-03-01T11:50', '2026-03-01T13:00')],
    );
    expect(result).toEqual([
      span('2026-03-01T10:00', '2026-03-01T10:30'),
      span('2026-03-01T11:00', '2026-03-01T11:50'),
    ]);
  });

  it('intersects two lists', () => {
    expect(
      intersect([span('2026-03-01T10:00', '2026-03-01T12:00')], [span('2026-03-01T11:00', '2026-03-01T13:00')]),
    ).toEqual([span('2026-03-01T11:00', '2026-03-01T12:00')]);
  });
});

describe('computeUptime', () => {
  const day = { from: t('2026-03-01T00:00'), to: t('2026-03-02T00:00'), now: t('2026-04-01T00:00'), maintenance: [] };

  it('one 30-minute incident in a day: 1 − 30/1440', () => {
    const figures = computeUptime({
      ...day,
      outages: [{ startedAt: t('2026-03-01T10:00'), recoveredAt: t('2026-03-01T10:30') }],
    });
    expect(figures.downtimeMs).toBe(30 * MIN);
    expect(figures.eligibleMs).toBe(DAY);
    expect(figures.uptime).toBeCloseTo(1 - 30 / 1440, 12); // 97.9167 %
  });

  it('overlapping incidents count once: 10:00–10:30 and 10:20–11:00 are 60 minutes down', () => {
    const figures = computeUptime({
      ...day,
      outages: [
        { startedAt: t('2026-03-01T10:00'), recoveredAt: t('2026-03-01T10:30') },
        { startedAt: t('2026-03-01T10:20'), recoveredAt: t('2026-03-01T11:00') },
      ],
    });
    expect(figures.downtimeMs).toBe(60 * MIN);
    expect(figures.uptime).toBeCloseTo(1 - 60 / 1440, 12); // 95.8333 %
  });

  it('an incident spanning midnight is split between the two days: 30 min before, 45 min after', () => {
    const outages = [{ startedAt: t('2026-03-01T23:30'), recoveredAt: t('2026-03-02T00:45') }];
    const first = computeUptime({ ...day, outages });
    const second = computeUptime({ ...day, from: t('2026-03-02T00:00'), to: t('2026-03-03T00:00'), outages });
    expect(first.downtimeMs).toBe(30 * MIN);
    expect(second.downtimeMs).toBe(45 * MIN);
    expect(first.uptime).toBeCloseTo(1 - 30 / 1440, 12);
    expect(second.uptime).toBeCloseTo(1 - 45 / 1440, 12); // 96.875 %
  });

  it('incidents crossing the range edges count only inside the range: 60 + 60 of 10 080 minutes', () => {
    const week = {
      from: t('2026-03-01T00:00'),
      to: t('2026-03-08T00:00'),
      now: t('2026-04-01T00:00'),
      maintenance: [],
    };
    const outages = [
      { startedAt: t('2026-02-28T23:00'), recoveredAt: t('2026-03-01T01:00') }, // 60 min inside
      { startedAt: t('2026-03-07T23:00'), recoveredAt: t('2026-03-08T02:00') }, // 60 min inside
    ];
    const figures = computeUptime({ ...week, outages });
    expect(figures.eligibleMs).toBe(7 * DAY);
    expect(figures.downtimeMs).toBe(120 * MIN);
    expect(figures.uptime).toBeCloseTo(1 - 120 / 10_080, 12); // 98.8095 %
  });

  it('maintenance is left out of downtime and of the time that counts: 1 − 30/1350', () => {
    const figures = computeUptime({
      ...day,
      outages: [{ startedAt: t('2026-03-01T10:00'), recoveredAt: t('2026-03-01T11:00') }],
      maintenance: [span('2026-03-01T10:30', '2026-03-01T12:00')],
    });
    expect(figures.maintenanceMs).toBe(90 * MIN);
    expect(figures.downtimeMs).toBe(30 * MIN);
    expect(figures.eligibleMs).toBe(1350 * MIN);
    expect(figures.uptime).toBeCloseTo(1 - 30 / 1350, 12); // 97.7778 %
  });

  it('maintenance windows that overlap each other and the range edge count once', () => {
    const figures = computeUptime({
      ...day,
      outages: [],
      maintenance: [span('2026-02-28T23:00', '2026-03-01T01:00'), span('2026-03-01T00:30', '2026-03-01T02:00')],
    });
    expect(figures.maintenanceMs).toBe(120 * MIN);
    expect(figures.uptime).toBe(1);
  });

  it('an open incident is down until now, and the rest of today does not count yet: 1 − 60/1380', () => {
    const figures = computeUptime({
      ...day,
      now: t('2026-03-01T23:00'),
      outages: [{ startedAt: t('2026-03-01T22:00'), recoveredAt: null }],
    });
    expect(figures.eligibleMs).toBe(1380 * MIN);
    expect(figures.downtimeMs).toBe(60 * MIN);
    expect(figures.uptime).toBeCloseTo(1 - 60 / 1380, 12); // 95.6522 %
  });

  it('time the monitor was not watching counts neither way: 1 − 30/720', () => {
    const figures = computeUptime({
      ...day,
      outages: [{ startedAt: t('2026-03-01T13:00'), recoveredAt: t('2026-03-01T13:30') }],
      coverage: [span('2026-03-01T12:00', '2026-03-02T00:00')],
    });
    expect(figures.eligibleMs).toBe(720 * MIN);
    expect(figures.uptime).toBeCloseTo(1 - 30 / 720, 12);
  });

  it('a range in the future has no uptime yet', () => {
    const figures = computeUptime({ ...day, now: t('2026-02-01T00:00'), outages: [] });
    expect(figures).toEqual({ eligibleMs: 0, downtimeMs: 0, maintenanceMs: 0, uptime: null });
  });
});

describe('incidentStats (MTTD and MTTR)', () => {
  const from = t('2026-03-01T00:00');
  const to = t('2026-03-08T00:00');

  it('MTTD runs from the fault start when known, else from the first failed run; MTTR over recovered incidents only', () => {
    const stats = incidentStats(
      [
        // fault 09:58:00 → detected 10:01:30 = 210 s; down 10:00 → 10:30 = 30 min
        {
          startedAt: t('2026-03-02T10:00'),
          detectedAt: t('2026-03-02T10:01:30'),
          recoveredAt: t('2026-03-02T10:30'),
          faultStartedAt: t('2026-03-02T09:58'),
        },
        // no fault known: 10:00:00 → 10:00:45 = 45 s; down 40 min
        {
          startedAt: t('2026-03-03T10:00'),
          detectedAt: t('2026-03-03T10:00:45'),
          recoveredAt: t('2026-03-03T10:40'),
          faultStartedAt: null,
        },
        // still open: 60 s to detect, no MTTR
        {
          startedAt: t('2026-03-04T10:00'),
          detectedAt: t('2026-03-04T10:01'),
          recoveredAt: null,
          faultStartedAt: null,
        },
      ],
      from,
      to,
    );
    expect(stats.count).toBe(3);
    expect(stats.open).toBe(1);
    expect(stats.mttdMs).toBe(((210 + 45 + 60) / 3) * 1000); // 105 s
    expect(stats.mttrMs).toBe(35 * MIN); // (30 + 40) / 2
  });

  it('an incident belongs to the period it started in: one crossing the start is not counted, one crossing the end is, with its full length', () => {
    const stats = incidentStats(
      [
        {
          startedAt: t('2026-02-28T23:00'),
          detectedAt: t('2026-02-28T23:02'),
          recoveredAt: t('2026-03-01T01:00'),
          faultStartedAt: null,
        },
        {
          startedAt: t('2026-03-07T23:00'),
          detectedAt: t('2026-03-07T23:02'),
          recoveredAt: t('2026-03-08T02:00'),
          faultStartedAt: null,
        },
      ],
      from,
      to,
    );
    expect(stats.count).toBe(1);
    expect(stats.mttrMs).toBe(180 * MIN); // 23:00 → 02:00
    expect(stats.mttdMs).toBe(2 * MIN);
  });

  it('no incidents: no MTTD or MTTR rather than zero', () => {
    expect(incidentStats([], from, to)).toEqual({ count: 0, open: 0, mttdMs: null, mttrMs: null });
  });
});
