import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { testClock } from '../../test/support/service-context';
import { createDb, type Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { insertIncident, insertRuns, seedStaff } from '../../test/support/report-factories';
import { getComponentStates } from './get-component-states';
import { getStatusFingerprint } from './get-status-fingerprint';
import { getStatusPage } from './get-status-page';
import { getUptimeBars } from './get-uptime-bars';
import { postIncidentNote } from './post-incident-note';
import { StatusChanges } from './status-changes';

const t = (iso: string) => new Date(`${iso}Z`);
const log = pino({ level: 'silent' });
const NOW = t('2026-03-10T12:00');
let db: Db;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
});

afterAll(async () => {
  await db?.$disconnect();
});

const alive = { lastSeenAt: NOW, stale: false };

describe('component states', () => {
  it('says unknown before any check, then outage while an incident is open, degraded on a failing streak, maintenance inside a window', async () => {
    let states = await getComponentStates(db, NOW, alive);
    expect(states.find((s) => s.component === 'chat_ui')).toMatchObject({ state: 'unknown' });

    await db.checkState.create({
      data: { check: 'chat-journey', component: 'chat_ui', lastStatus: 'PASSED', lastRunAt: NOW },
    });
    await db.checkState.create({
      data: {
        check: 'chat-journey',
        component: 'webhooks',
        lastStatus: 'FAILED',
        consecutiveFailures: 1,
        failingSince: t('2026-03-10T11:59'),
        lastError: 'no webhook',
        lastRunAt: NOW,
      },
    });
    await db.checkState.create({
      data: { check: 'vendor-api', component: 'vendor_api', lastStatus: 'PASSED', lastRunAt: NOW },
    });
    const incident = await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t('2026-03-10T11:50'),
      recoveredAt: null,
      title: 'Chat UI: iframe 503',
    });
    await db.maintenanceWindow.create({
      data: {
        component: 'vendor_api',
        startsAt: t('2026-03-10T11:00'),
        endsAt: t('2026-03-10T13:00'),
        reason: 'Vendor upgrade',
      },
    });

    states = await getComponentStates(db, NOW, alive);
    expect(states.find((s) => s.component === 'chat_ui')).toMatchObject({
      state: 'outage',
      since: t('2026-03-10T11:50'),
      incidentId: incident.id,
      detail: 'Chat UI: iframe 503',
    });
    expect(states.find((s) => s.component === 'webhooks')).toMatchObject({
      state: 'degraded',
      since: t('2026-03-10T11:59'),
      detail: 'chat-journey: no webhook',
    });
    expect(states.find((s) => s.component === 'vendor_api')).toMatchObject({
      state: 'maintenance',
      since: t('2026-03-10T11:00'),
    });
    expect(states.find((s) => s.component === 'monitor')).toMatchObject({ state: 'operational' });
    expect(
      (await getComponentStates(db, NOW, { lastSeenAt: t('2026-03-10T11:00'), stale: true })).find(
        (s) => s.component === 'monitor',
      ),
    ).toMatchObject({ state: 'outage', since: t('2026-03-10T11:00') });

    await db.incident.update({
      where: { id: incident.id },
      data: {
        status: 'RESOLVED',
        openComponent: null,
        recoveredAt: t('2026-03-10T11:58'),
        resolvedAt: t('2026-03-10T11:59'),
      },
    });
    states = await getComponentStates(db, NOW, alive);
    expect(states.find((s) => s.component === 'chat_ui')).toMatchObject({
      state: 'operational',
      since: t('2026-03-10T11:58'),
    });
  });
});

describe('uptime bars', () => {
  it('has 90 days per component, no data before the monitor ran, and the day of an outage with its incident', async () => {
    await insertRuns(db, {
      check: 'chat-journey',
      components: ['chat_ui'],
      from: t('2026-03-09T00:00'),
      to: t('2026-03-10T12:00'),
      everyMinutes: 30,
    });
    const bars = await getUptimeBars({ db, defaultVendor: 'sandbox', slaTargetPercent: 99.9 }, NOW);
    const chat = bars.find((b) => b.component === 'chat_ui')!;
    expect(chat.cells).toHaveLength(90);
    expect(chat.cells[0]!.hasData).toBe(false);
    const today = chat.cells.at(-1)!;
    expect(today.day).toBe('2026-03-10');
    expect(today.downtimeMs).toBe(8 * 60_000); // 11:50–11:58
    expect(today.incidents.map((i) => i.title)).toEqual(['Chat UI: iframe 503']);
    expect(chat.cells.at(-2)!.uptime).toBe(1);
  });

  it('puts everything /status needs together', async () => {
    const page = await getStatusPage({
      ctx: { db, clock: testClock(NOW), vendor: 'sandbox', slaTargetPercent: 99.9, heartbeatStaleSeconds: 90 },
    });
    expect(page.journey).toHaveLength(24);
    expect(page.webhookLag).toHaveLength(24);
    expect(page.liveness.stale).toBe(true);
    expect(page.resolved.map((i) => i.title)).toEqual(['Chat UI: iframe 503']);
    expect(page.rum.attempts).toBe(0);
  });
});

describe('support notes', () => {
  it('adds a signed NOTE for staff; other roles get not found; empty notes are refused', async () => {
    const incident = await insertIncident(db, {
      component: 'webhooks',
      startedAt: t('2026-03-10T11:00'),
      recoveredAt: null,
    });
    const sam = await seedStaff(db, 'SUPPORT');
    await postIncidentNote({
      ctx: { db, log },
      user: { ...sam, role: 'SUPPORT' },
      input: { incidentId: incident.id, message: '  Users report delays  ' },
    });
    const notes = await db.incidentUpdate.findMany({ where: { incidentId: incident.id, kind: 'NOTE' } });
    expect(notes).toEqual([expect.objectContaining({ message: 'Users report delays', authorId: sam.id })]);
    await expect(
      postIncidentNote({
        ctx: { db, log },
        user: { ...sam, role: 'CLIENT' },
        input: { incidentId: incident.id, message: 'x' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      postIncidentNote({
        ctx: { db, log },
        user: { ...sam, role: 'SUPPORT' },
        input: { incidentId: incident.id, message: '   ' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      postIncidentNote({
        ctx: { db, log },
        user: { ...sam, role: 'SUPPORT' },
        input: { incidentId: '00000000-0000-4000-8000-000000000000', message: 'x' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('live changes', () => {
  it('tells every subscriber the fingerprint at once and again when an incident changes, with one poll for all', async () => {
    const changes = new StatusChanges({ db, log, intervalMs: 50 });
    const seenA: string[] = [];
    const seenB: string[] = [];
    const stopA = changes.subscribe((f) => seenA.push(f));
    await expect.poll(() => seenA.length).toBe(1);
    const stopB = changes.subscribe((f) => seenB.push(f));
    expect(seenB).toEqual(seenA);
    const before = await getStatusFingerprint(db);
    await insertIncident(db, { component: 'email', startedAt: NOW, recoveredAt: null });
    await expect.poll(() => seenA.length, { timeout: 5000 }).toBe(2);
    expect(seenA[1]).not.toBe(before);
    expect(seenB).toEqual(seenA);
    stopA();
    stopB();
  });
});
