import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { testClock, testContext } from '../../test/support/service-context';
import { createDb, type Db } from '../db/client';
import { renderEmail } from '../email/render';
import { NotFoundError, ValidationError } from '../errors';
import { migrateJobQueue } from '../jobs/migrate';
import { insertIncident, seedStaff } from '../../test/support/report-factories';
import { notifySubscribers } from './notify-subscribers';
import { saveSubscription } from './save-subscription';
import { unsubscribeByToken } from './unsubscribe';

const t = (iso: string) => new Date(`${iso}Z`);
const log = pino({ level: 'silent' });
let db: Db;

beforeAll(async () => {
  const url = await createTestDatabase();
  await migrateJobQueue(url);
  db = createDb(url, 4);
});

afterAll(async () => {
  await db?.$disconnect();
});

const emailsTo = (userId: string) =>
  db.email.findMany({ where: { template: 'incident-notification', toUserId: userId }, orderBy: { createdAt: 'asc' } });

describe('incident notifications', () => {
  it('emails each subscriber the kinds and components they chose, once, with an unsubscribe link that works', async () => {
    const sam = await seedStaff(db, 'SUPPORT');
    const eli = await seedStaff(db, 'ENGINEER');
    const clock = testClock();
    const ctx = testContext({ db, log, clock, env: { APP_URL: 'https://chatwatch.example' } });
    const notifyAt = (iso: string) => {
      clock.set(t(iso));
      return notifySubscribers({ ctx });
    };
    // The first run only sets the starting point: no mail about history.
    expect(await notifyAt('2026-03-10T10:00')).toBe(0);

    await saveSubscription({
      db,
      user: { ...sam, role: 'SUPPORT' },
      input: { onOpened: true, onUpdated: true, onResolved: true, components: [] },
    });
    await saveSubscription({
      db,
      user: { ...eli, role: 'ENGINEER' },
      input: { onOpened: true, onUpdated: false, onResolved: true, components: ['webhooks'] },
    });
    await db.incidentSubscription.updateMany({ data: { createdAt: t('2026-03-10T10:00') } });

    const chat = await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t('2026-03-10T10:01'),
      detectedAt: t('2026-03-10T10:02'),
      recoveredAt: null,
      title: 'Chat UI: iframe 503',
    });
    await db.incidentUpdate.create({
      data: {
        incidentId: chat.id,
        kind: 'NOTE',
        message: 'Told users to use email',
        authorId: sam.id,
        createdAt: t('2026-03-10T10:03'),
      },
    });
    await db.incidentUpdate.create({
      data: {
        incidentId: chat.id,
        kind: 'UPDATE',
        message: 'Now failing with: timeout',
        createdAt: t('2026-03-10T10:04'),
      },
    });
    const hooks = await insertIncident(db, {
      component: 'webhooks',
      startedAt: t('2026-03-10T10:01'),
      detectedAt: t('2026-03-10T10:02'),
      recoveredAt: null,
    });

    const queued = await notifyAt('2026-03-10T10:05');
    // Sam: chat opened + monitor update (not his own note) + webhooks opened; Eli: webhooks opened only.
    expect(queued).toBe(4);
    const samEmails = await emailsTo(sam.id);
    expect(
      samEmails
        .map(
          (e) =>
            (e.props as { event: string; component: string }).event +
            ':' +
            (e.props as { component: string }).component,
        )
        .sort(),
    ).toEqual(['opened:Chat UI', 'opened:Webhooks', 'updated:Chat UI']);
    const eliEmails = await emailsTo(eli.id);
    expect(eliEmails).toHaveLength(1);
    expect(eliEmails[0]!.props).toMatchObject({
      event: 'opened',
      component: 'Webhooks',
      incidentUrl: `https://chatwatch.example/incidents/${hooks.id}`,
    });

    const rendered = await renderEmail('incident-notification', eliEmails[0]!.props as never);
    expect(rendered.subject).toBe('[Incident opened] webhooks: test outage');
    expect(rendered.html).toContain('Stop incident emails');

    // Run again (the overlap re-reads the same entries): nothing twice.
    expect(await notifyAt('2026-03-10T10:06')).toBe(0);

    await db.incidentUpdate.create({
      data: { incidentId: hooks.id, kind: 'RESOLVED', message: 'Passing again', createdAt: t('2026-03-10T10:07') },
    });
    expect(await notifyAt('2026-03-10T10:08')).toBe(2);

    const unsubscribeUrl = (eliEmails[0]!.props as { unsubscribeUrl: string }).unsubscribeUrl;
    const token = new URL(unsubscribeUrl).searchParams.get('token')!;
    expect(await unsubscribeByToken(db, token)).toBe(true);
    expect(await unsubscribeByToken(db, token)).toBe(false);
    // A new webhooks incident is a kind and component Eli chose: only the unsubscribe keeps it from him.
    // Sam, still subscribed, gets it — the run happened and reached its subscribers.
    await db.incident.update({
      where: { id: hooks.id },
      data: {
        status: 'RESOLVED',
        openComponent: null,
        recoveredAt: t('2026-03-10T10:07'),
        resolvedAt: t('2026-03-10T10:07'),
      },
    });
    const later = await insertIncident(db, {
      component: 'webhooks',
      startedAt: t('2026-03-10T10:09'),
      detectedAt: t('2026-03-10T10:09'),
      recoveredAt: null,
    });
    expect(await notifyAt('2026-03-10T10:10')).toBe(1);
    expect(
      (await emailsTo(sam.id)).filter((e) =>
        (e.props as { incidentUrl: string }).incidentUrl.endsWith(`/incidents/${later.id}`),
      ),
    ).toHaveLength(1);
    expect(await emailsTo(eli.id)).toHaveLength(2);
  });

  it('refuses non-staff and a subscription to nothing', async () => {
    const staff = await seedStaff(db, 'SUPPORT');
    await expect(
      saveSubscription({
        db,
        user: { ...staff, role: 'CLIENT' },
        input: { onOpened: true, onUpdated: true, onResolved: true, components: [] },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      saveSubscription({
        db,
        user: { ...staff, role: 'SUPPORT' },
        input: { onOpened: false, onUpdated: false, onResolved: false, components: [] },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
