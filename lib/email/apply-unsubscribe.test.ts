import { beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
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
    expect(await env.db.emailOptOut.findMany({ where: { userId: user.id }, select: { purpose: true } })).toEqual([
      { purpose: 'unread-messages' },
    ]);
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

  it('GET never unsubscribes; the POST from its confirmation form does', async () => {
    // The route handlers themselves, with the app's config pointing at this file's database.
    Object.assign(process.env, REQUIRED_CONFIG_ENV, { DATABASE_URL: env.url, AUTH_SECRET, LOG_LEVEL: 'silent' });
    const { GET, POST } = await import('../../app/api/unsubscribe/route');
    const user = await makeUser(env.db, 'CLIENT');
    const token = createUnsubscribeToken({ userId: user.id, purpose: 'all-notifications' }, AUTH_SECRET);
    const url = `http://app.test/api/unsubscribe?token=${encodeURIComponent(token)}`;
    const scanned = await GET(new Request(url), { params: Promise.resolve({}) });
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain('<form method="post"');
    await GET(new Request(url), { params: Promise.resolve({}) });
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).unsubscribedAt).toBeNull();
    // The same token, posted: now the user is unsubscribed (so the GETs above had what they needed to do it).
    const posted = await POST(new Request(url, { method: 'POST' }), { params: Promise.resolve({}) });
    expect(posted.status).toBe(200);
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).unsubscribedAt).toBeInstanceOf(Date);
  });

  it('refuses a forged or missing token', async () => {
    const forged = createUnsubscribeToken(
      { userId: 'someone', purpose: 'all-notifications' },
      'another-secret-another-secret-123',
    );
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
