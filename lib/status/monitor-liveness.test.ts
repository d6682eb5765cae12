import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { createDb, type Db } from '../db/client';
import type { MonitorComponent } from '../db/generated/enums';
import { getJourneyLiveness } from './monitor-liveness';

// "Browser journeys not running" on /status comes from the recorded journey runs: a journey whose `browser` step
// failed (no Chromium) is the monitor's own failure, so /status says the journeys are not running instead of
// showing the chat UI as down; the first run with a browser again ends it.

const t = (iso: string) => new Date(`${iso}Z`);
let db: Db;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2);
});

afterAll(async () => {
  await db?.$disconnect();
});

async function journey(at: string, failed: { step: string; component: MonitorComponent; error: string } | null) {
  await db.checkRun.create({
    data: {
      check: 'chat-journey',
      trigger: 'SCHEDULED',
      scheduledFor: t(at),
      counted: true,
      status: failed ? 'FAILED' : 'PASSED',
      startedAt: t(at),
      finishedAt: t(at),
      components: ['chat_ui', 'webhooks', 'email'],
      failedComponent: failed?.component ?? null,
      failedParty: failed ? (failed.component === 'chat_ui' ? 'vendor' : 'ours') : null,
      failedStep: failed?.step ?? null,
      error: failed?.error ?? null,
      instanceId: 'test',
    },
  });
}

const noBrowser = {
  step: 'browser',
  component: 'monitor' as const,
  error: 'browser journeys not running: no Chromium found (install it: apt-get install chromium, or set CHROMIUM_PATH)',
};

describe('browser journeys on /status', () => {
  it('run when no journey ran yet, or the latest one got a browser (passed, or failed in the vendor’s UI)', async () => {
    expect(await getJourneyLiveness(db)).toEqual({ running: true, reason: null, since: null });
    await journey('2026-03-01T10:00', null);
    await journey('2026-03-01T10:01', {
      step: 'chat-ready',
      component: 'chat_ui',
      error: 'the chat iframe answered 503',
    });
    expect(await getJourneyLiveness(db)).toMatchObject({ running: true });
  });

  it('are not running from the first journey that found no browser, with its reason, until one gets a browser again', async () => {
    await journey('2026-03-01T10:02', noBrowser);
    await journey('2026-03-01T10:03', noBrowser);
    await journey('2026-03-01T10:04', noBrowser);
    expect(await getJourneyLiveness(db)).toEqual({
      running: false,
      reason: noBrowser.error,
      since: t('2026-03-01T10:02'),
    });
    await journey('2026-03-01T10:05', null);
    expect(await getJourneyLiveness(db)).toEqual({ running: true, reason: null, since: null });
  });
});
