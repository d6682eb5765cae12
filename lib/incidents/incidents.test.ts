import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { startHttpStub } from '../../test/support/http-stub';
import { createDb, type Db } from '../db/client';
import { ValidationError } from '../errors';
import { addIncidentUpdate } from './add-incident-update';
import { attachFaults } from './attach-faults';
import { componentsOfMode, createSandboxFaultSource } from './faults/sandbox';
import type { GroundTruthFault } from './faults/types';
import { createMaintenanceWindow, findActiveMaintenance } from './maintenance';
import { matchFaults } from './match-faults';
import { openIncident } from './open-incident';
import { resolveIncident } from './resolve-incident';

const silent = pino({ level: 'silent' });
let db: Db;
const ctx = () => ({ db, log: silent });
const at = (iso: string) => new Date(`2025-03-04T${iso}Z`);

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2);
});
afterAll(() => db.$disconnect());

async function run(component: 'chat_ui' | 'email' = 'chat_ui') {
  return db.checkRun.create({
    data: {
      check: 'chat-journey',
      trigger: 'SCHEDULED',
      scheduledFor: new Date(Math.floor(Date.now() / 1000) * 1000 + Math.floor(Math.random() * 1e6) * 1000),
      status: 'FAILED',
      counted: true,
      failedComponent: component,
      instanceId: 'test',
    },
  });
}

describe('incident verbs', () => {
  it('opens at most one incident per component; resolving frees the component for the next one', async () => {
    const runs = [await run(), await run()];
    const input = {
      component: 'chat_ui' as const,
      openedBy: 'chat-journey',
      startedAt: at('09:00:00'),
      detectedAt: at('09:01:00'),
      error: 'the page shows the fallback composer',
      runIds: runs.map((r) => r.id),
      failedRuns: 2,
    };
    const first = await openIncident({ ctx: ctx(), input });
    expect(first.created).toBe(true);
    expect(await openIncident({ ctx: ctx(), input })).toEqual({ id: first.id, created: false });
    const incident = await db.incident.findUniqueOrThrow({
      where: { id: first.id },
      include: { runs: true, updates: true },
    });
    expect(incident).toMatchObject({
      title: 'Chat UI: the page shows the fallback composer',
      status: 'OPEN',
      openComponent: 'chat_ui',
      failedRunCount: 2,
    });
    expect(incident.runs).toHaveLength(2);
    expect(incident.updates.map((u) => u.kind)).toEqual(['OPENED']);

    expect(
      await resolveIncident({
        ctx: ctx(),
        input: { incidentId: first.id, recoveredAt: at('09:20:00'), resolvedAt: at('09:20:30') },
      }),
    ).toEqual({ resolved: true });
    expect(
      await resolveIncident({
        ctx: ctx(),
        input: { incidentId: first.id, recoveredAt: at('09:20:00'), resolvedAt: at('09:21:00') },
      }),
    ).toEqual({ resolved: false });
    const resolved = await db.incident.findUniqueOrThrow({
      where: { id: first.id },
      include: { updates: { orderBy: { createdAt: 'asc' } } },
    });
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      openComponent: null,
      recoveredAt: at('09:20:00'),
      resolvedAt: at('09:20:30'),
    });
    expect(resolved.updates.at(-1)!.message).toBe(
      'Chat UI is passing again since 2025-03-04T09:20:00.000Z (outage 20 min, 2 failed run(s)).',
    );
    expect((await openIncident({ ctx: ctx(), input: { ...input, runIds: [] } })).created).toBe(true);
  });

  it('takes notes from people and refuses empty ones or unknown incidents', async () => {
    const { id } = await openIncident({
      ctx: ctx(),
      input: {
        component: 'email',
        openedBy: 'chat-journey',
        startedAt: at('10:00:00'),
        detectedAt: at('10:01:00'),
        error: 'canary email failed',
        runIds: [],
        failedRuns: 2,
      },
    });
    await addIncidentUpdate({
      ctx: ctx(),
      input: { incidentId: id, kind: 'NOTE', message: 'Told the vendor (ticket 4411).', authorId: 'demo-sam' },
    });
    await expect(
      addIncidentUpdate({ ctx: ctx(), input: { incidentId: id, kind: 'NOTE', message: '  ' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      addIncidentUpdate({ ctx: ctx(), input: { incidentId: randomUUID(), kind: 'NOTE', message: 'x' } }),
    ).rejects.toThrow('Incident not found');
    expect((await db.incidentUpdate.findFirstOrThrow({ where: { incidentId: id, kind: 'NOTE' } })).authorId).toBe(
      'demo-sam',
    );
  });
});

describe('ground-truth faults', () => {
  const fault = (
    mode: string,
    startedAt: Date,
    endedAt: Date | null,
    externalId: string = randomUUID(),
  ): GroundTruthFault => ({
    source: 'sandbox',
    externalId,
    mode,
    components: componentsOfMode(mode),
    startedAt,
    endedAt,
    probability: 1,
  });

  it('maps fault modes to the components they break', () => {
    expect(componentsOfMode('ui-broken')).toEqual(['chat_ui']);
    expect(componentsOfMode('webhooks-drop')).toEqual(['webhooks']);
    expect(componentsOfMode('api-down')).toEqual(['vendor_api', 'chat_ui']);
    expect(componentsOfMode('mail-5xx')).toEqual(['email']);
    expect(componentsOfMode('made-up')).toEqual([]);
  });

  it('matches faults of the component that began before detection and were still active at the first failure', () => {
    const incident = {
      component: 'chat_ui' as const,
      startedAt: at('09:10:00'),
      detectedAt: at('09:11:00'),
      resolvedAt: null,
    };
    const faults = [
      fault('ui-down', at('09:09:30'), null, 'right'),
      fault('api-down', at('09:09:00'), at('09:12:00'), 'api-also-breaks-the-page'),
      fault('webhooks-drop', at('09:09:00'), null, 'other-component'),
      fault('ui-broken', at('09:05:00'), at('09:08:00'), 'over-before-the-failures'),
      fault('ui-slow', at('09:30:00'), null, 'after-detection'),
    ];
    expect(matchFaults(incident, faults).map((f) => f.externalId)).toEqual(['right', 'api-also-breaks-the-page']);
    // An audit of the past looks minutes back: a fault that ended before its run still explains it.
    expect(matchFaults(incident, faults, 15 * 60_000).map((f) => f.externalId)).toEqual([
      'right',
      'api-also-breaks-the-page',
      'over-before-the-failures',
    ]);
  });

  it('reads the sandbox history and links matching faults to the incident once, refreshing their end', async () => {
    const started = new Date(Date.now() - 120_000);
    let ended: string | null = null;
    const stub = await startHttpStub(() => ({
      status: 200,
      body: {
        active: [],
        history: [
          {
            id: 'flt_abc',
            mode: 'api-down',
            startedAt: started.toISOString(),
            endsAt: null,
            endedAt: ended,
            probability: 1,
            delayMs: null,
          },
        ],
      },
    }));
    try {
      const source = createSandboxFaultSource({ baseUrl: stub.url });
      const { id } = await openIncident({
        ctx: ctx(),
        input: {
          component: 'vendor_api',
          openedBy: 'vendor-api',
          startedAt: new Date(Date.now() - 90_000),
          detectedAt: new Date(Date.now() - 60_000),
          error: 'x',
          runIds: [],
          failedRuns: 2,
        },
      });
      expect(
        await attachFaults({ ctx: ctx(), input: { incidentId: id, faults: await source.list(new Date(0)) } }),
      ).toBe(1);
      ended = new Date().toISOString();
      expect(
        await attachFaults({ ctx: ctx(), input: { incidentId: id, faults: await source.list(new Date(0)) } }),
      ).toBe(0);
      const linked = await db.incidentFault.findMany({ where: { incidentId: id } });
      expect(linked).toMatchObject([
        { source: 'sandbox', externalId: 'flt_abc', mode: 'api-down', startedAt: started, endedAt: new Date(ended) },
      ]);
      expect(stub.requests[0]!.url.pathname).toBe('/admin/faults');
      expect(stub.requests[0]!.headers.accept).toBe('application/json');
    } finally {
      await stub.close();
    }
  });
});

describe('maintenance windows', () => {
  it('cover one component or all, and refuse windows that end before they start', async () => {
    const now = new Date();
    await createMaintenanceWindow({
      ctx: ctx(),
      input: {
        component: 'email',
        startsAt: new Date(now.getTime() - 1000),
        endsAt: new Date(now.getTime() + 60_000),
        reason: 'SendGrid migration',
      },
    });
    expect((await findActiveMaintenance({ ctx: ctx(), input: { component: 'email', at: now } }))?.reason).toBe(
      'SendGrid migration',
    );
    expect(await findActiveMaintenance({ ctx: ctx(), input: { component: 'webhooks', at: now } })).toBeNull();
    await createMaintenanceWindow({
      ctx: ctx(),
      input: { component: null, startsAt: now, endsAt: new Date(now.getTime() + 1000), reason: 'all' },
    });
    expect(
      (await findActiveMaintenance({ ctx: ctx(), input: { component: 'webhooks', at: new Date(now.getTime() + 500) } }))
        ?.reason,
    ).toBe('all');
    await expect(
      createMaintenanceWindow({ ctx: ctx(), input: { startsAt: now, endsAt: now, reason: 'x' } }),
    ).rejects.toMatchObject({ fieldErrors: { endsAt: ['The window must end after it starts.'] } });
  });
});
