import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import type { MonitorComponent } from '../../lib/incidents/components';
import { onFileEnd } from '../../test/support/cleanup';
import { createTestDatabase } from '../../test/support/db';
import { applyOutcome } from './apply-outcome';
import type { Observation } from './outcome';

// The incident rules applied on a real PostgreSQL (streams in check_state, incidents), run after run as the scheduler
// feeds them.

let db: Db;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2);
  onFileEnd(() => db.$disconnect());
});

let clock = Date.parse('2026-11-30T09:00:00Z');
async function counted(check: string, components: MonitorComponent[], observations: Observation[]) {
  const startedAt = new Date((clock += 10_000));
  const failed = observations.find((o) => !o.passed);
  const run = await db.checkRun.create({
    data: {
      check,
      trigger: 'SCHEDULED',
      instanceId: 'test-monitor',
      scheduledFor: startedAt,
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 2000),
      status: failed ? 'FAILED' : 'PASSED',
      components,
      failedComponent: failed?.component ?? null,
      counted: true,
    },
  });
  return applyOutcome(
    { db, log },
    {
      check,
      run: { id: run.id, startedAt },
      attemptIds: [run.id],
      observations,
      isLagging: () => false,
      failuresToOpen: 2,
      passesToResolve: 2,
      now: new Date(startedAt.getTime() + 2000),
    },
  );
}

describe('a component a check blames only when it fails', () => {
  it('is cleared by the check passing outright, so the incident it opened resolves', async () => {
    const journey = ['chat_ui', 'webhooks', 'email'] as MonitorComponent[];
    // The page fell back because the vendor's API failed: the journey names vendor_api, a component it does not
    // observe when it passes.
    const apiDown: Observation[] = [{ component: 'vendor_api', passed: false, error: 'the vendor API failed' }];
    await counted('chat-journey', ['vendor_api'], apiDown);
    const { opened } = await counted('chat-journey', ['vendor_api'], apiDown);
    expect(opened).toHaveLength(1);

    const passing = journey.map((component) => ({ component, passed: true }));
    const first = await counted('chat-journey', journey, passing);
    expect(first.resolved).toEqual([]);
    const second = await counted('chat-journey', journey, passing);
    expect(second.resolved).toEqual(opened);
    expect(await db.incident.findUniqueOrThrow({ where: { id: opened[0]! } })).toMatchObject({
      openComponent: null,
    });
  });

  it('stays failing while the check itself still fails elsewhere (no pass is invented for it)', async () => {
    const apiDown: Observation[] = [{ component: 'app', passed: false, error: 'our app refused' }];
    await counted('journey-2', ['app'], apiDown);
    const { opened } = await counted('journey-2', ['app'], apiDown);
    expect(opened).toHaveLength(1);
    const emailFails: Observation[] = [
      { component: 'chat_ui', passed: true },
      { component: 'email', passed: false, error: 'SendGrid refused' },
    ];
    await counted('journey-2', ['chat_ui', 'email'], emailFails);
    await counted('journey-2', ['chat_ui', 'email'], emailFails);
    const state = await db.checkState.findUniqueOrThrow({
      where: { check_component: { check: 'journey-2', component: 'app' } },
    });
    expect(state.lastStatus).toBe('FAILED');
    expect(await db.incident.findUniqueOrThrow({ where: { id: opened[0]! } })).toMatchObject({ openComponent: 'app' });
  });
});
