import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH_SECRET, makeUser, messagingDatabase } from '../../test/support/messaging';
import { applyUnsubscribe, InvalidUnsubscribeTokenError } from './apply-unsubscribe';
import { createUnsubscribeToken } from './unsubscribe';
import { confirmPage, donePage, invalidPage } from './unsubscribe-page';

let env: Awaited<ReturnType<typeof messagingDatabase>>;
beforeAll(async () => {
  env = await messagingDatabase();
});
const secret = { secret: AUTH_SECRET };

describe('one-click unsubscribe', () => {
  it('records an opt-out per purpose, idempotently', async () => {
    const user = await makeUser(env.db, 'CLIENT');
    const token = createUnsubscribeToken({ userId: user.id, purpose: 'unread-messages' }, AUTH_SECRET);
    await applyUnsubscribe(env.db, token, secret);
    await applyUnsubscribe(env.db, token, secret);
    expect(await env.db.emailOptOut.findMany({ where: { userId: user.id }, select: { purpose: true } })).toEqual([{ purpose: 'unread-messages' }]);
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).unsubscribedAt).toBeNull();
  });

  it('unsubscribes from everything, keeping the first time', async () => {
    const user = await makeUser(env.db, 'CLIENT');
    const token = createUnsubscribeToken({ userId: user.id, purpose: 'all-notifications' }, AUTH_SECRET);
    await applyUnsubscribe(env.db, token, secret);
    const first = (await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).unsubscribedAt;
    await applyUnsubscribe(env.db, token, secret);
    expect(first).toBeInstanceOf(Date);
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).unsubscribedAt).toEqual(first);
  });

  it('refuses a forged or missing token', async () => {
    const forged = createUnsubscribeToken({ userId: 'someone', purpose: 'all-notifications' }, 'another-secret-another-secret-123');
    await expect(applyUnsubscribe(env.db, forged, secret)).rejects.toBeInstanceOf(InvalidUnsubscribeTokenError);
    await expect(applyUnsubscribe(env.db, null, secret)).rejects.toBeInstanceOf(InvalidUnsubscribeTokenError);
  });

  it('asks for confirmation on GET (link scanners must not unsubscribe people) and escapes the form target', async () => {
    const page = await confirmPage('new-inquiry', '/api/unsubscribe?token=a"b').text();
    expect(page).toContain('<form method="post" action="/api/unsubscribe?token=a&#34;b">');
    expect(page).toContain('emails about new client inquiries');
    expect(await donePage('all-notifications').text()).toContain('all notification emails');
    expect(invalidPage().status).toBe(400);
  });
});
