import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, marketplaceContext } from '../../test/support/marketplace';
import { ValidationError } from '../errors';
import { getNotificationSettings, updateNotificationSettings } from './notification-settings';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

describe('notification settings', () => {
  it('saves the mode, quiet hours (across midnight) and time zone, and reads them back', async () => {
    const user = await makeUser(env.db, 'DESIGNER');
    expect(await getNotificationSettings({ ctx: env.ctx, input: { userId: user.id } })).toEqual({
      emailMode: 'IMMEDIATE',
      quietStart: null,
      quietEnd: null,
      timeZone: 'UTC',
      optOuts: [],
    });
    const saved = await updateNotificationSettings({
      ctx: env.ctx,
      input: {
        userId: user.id,
        form: {
          emailMode: 'DIGEST',
          quietHours: 'on',
          quietStart: '22:30',
          quietEnd: '07:00',
          timeZone: 'Europe/Berlin',
        },
      },
    });
    expect(saved).toEqual({
      emailMode: 'DIGEST',
      quietStart: '22:30',
      quietEnd: '07:00',
      timeZone: 'Europe/Berlin',
      optOuts: [],
    });
    expect(await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      quietStartMin: 1350,
      quietEndMin: 420,
    });
    const off = await updateNotificationSettings({
      ctx: env.ctx,
      input: { userId: user.id, form: { emailMode: 'OFF', quietStart: '22:30', quietEnd: '07:00', timeZone: 'UTC' } },
    });
    expect(off).toEqual({ emailMode: 'OFF', quietStart: null, quietEnd: null, timeZone: 'UTC', optOuts: [] });
  });

  it('shows opt-outs with their reason: a SendGrid spam report and an unsubscribe link', async () => {
    const user = await makeUser(env.db, 'DESIGNER');
    await env.db.user.update({
      where: { id: user.id },
      data: {
        unsubscribedAt: new Date('2026-11-30T00:10:00Z'),
        unsubscribedReason: 'spam report (SendGrid) on 2026-11-30',
      },
    });
    await env.db.emailOptOut.create({
      data: { userId: user.id, purpose: 'new-inquiry', createdAt: new Date('2026-11-29T08:00:00Z') },
    });
    expect((await getNotificationSettings({ ctx: env.ctx, input: { userId: user.id } })).optOuts).toEqual([
      'opted out of all notification emails: spam report (SendGrid) on 2026-11-30',
      'opted out of new-inquiry emails: unsubscribe link on 2026-11-29',
    ]);
  });

  it('explains bad input per field and changes nothing', async () => {
    const user = await makeUser(env.db, 'CLIENT');
    const attempt = (form: Record<string, string>) =>
      updateNotificationSettings({ ctx: env.ctx, input: { userId: user.id, form } });
    await expect(attempt({ emailMode: 'SOMETIMES', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      fieldErrors: {
        emailMode: ['Choose how you want to be emailed.'],
        timeZone: ['Choose a time zone from the list.'],
      },
    });
    await expect(
      attempt({ emailMode: 'OFF', quietHours: 'on', quietStart: '25:00', quietEnd: '07:00', timeZone: 'UTC' }),
    ).rejects.toMatchObject({ fieldErrors: { quietStart: ['Enter a start time such as 22:00.'] } });
    await expect(
      attempt({ emailMode: 'OFF', quietHours: 'on', quietStart: '07:00', quietEnd: '07:00', timeZone: 'UTC' }),
    ).rejects.toThrow(ValidationError);
    expect(await getNotificationSettings({ ctx: env.ctx, input: { userId: user.id } })).toMatchObject({
      emailMode: 'IMMEDIATE',
    });
  });
});
