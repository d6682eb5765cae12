import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketplaceContext } from '../../test/support/marketplace';
import { createAuth } from './auth';
import { ACCOUNT_FAILURE_LIMIT } from './sign-in-throttle';

// better-auth end to end through its HTTP handler (where rate limits apply), on a real database.

const APP_URL = 'http://app.test';
let env: Awaited<ReturnType<typeof marketplaceContext>>;
let auth: ReturnType<typeof createAuth>;
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

beforeAll(async () => {
  env = await marketplaceContext();
  auth = createAuth({
    db: env.db,
    config: { APP_URL, AUTH_SECRET: 'x'.repeat(40), CLIENT_IP_HEADER: 'x-forwarded-for', TRUSTED_PROXIES: [] },
  });
});
afterAll(() => env.db.$disconnect());

async function post(path: string, body: unknown, ip = freshIp(), extra: Record<string, string> = {}) {
  const response = await auth.handler(
    new Request(`${APP_URL}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP_URL, 'x-forwarded-for': ip, ...extra },
      body: JSON.stringify(body),
    }),
  );
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
    headers: response.headers,
  };
}

let emailCounter = 0;
const email = () => `person${++emailCounter}-${Date.now()}@example.test`;
const PASSWORD = 'correct horse battery';

describe('sign-up', () => {
  it('creates a designer with a speciality, hashed password and a session cookie', async () => {
    const address = email();
    const res = await post('/sign-up/email', {
      name: 'Dee Signer',
      email: address,
      password: PASSWORD,
      role: 'DESIGNER',
      speciality: 'Type design',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/chatwatch\.session_token=.*HttpOnly.*SameSite=Lax/i);
    const user = await env.db.user.findUniqueOrThrow({ where: { email: address }, include: { accounts: true } });
    expect(user).toMatchObject({ role: 'DESIGNER', speciality: 'Type design' });
    expect(user.accounts[0]!.password).not.toContain(PASSWORD);
    const sessions = await env.db.session.count({ where: { userId: user.id } });
    expect(sessions).toBe(1);
  });

  it('never grants a staff role, and explains bad fields', async () => {
    const address = email();
    const staff = await post('/sign-up/email', { name: 'Mallory', email: address, password: PASSWORD, role: 'ADMIN' });
    expect(staff.status).toBe(400);
    expect(staff.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      fieldErrors: { role: ['Choose whether you are a client or a designer.'] },
    });
    const bad = await post('/sign-up/email', { name: '', email: 'nope', password: 'short', role: 'DESIGNER' });
    expect(bad.body?.fieldErrors).toMatchObject({
      name: ['Enter your name.'],
      email: ['Enter a valid email address.'],
      password: ['Use at least 10 characters.'],
      speciality: [expect.any(String)],
    });
    expect(await env.db.user.count({ where: { email: address } })).toBe(0);
  });

  it('refuses a second account with the same email, clearly', async () => {
    const address = email();
    expect(
      (await post('/sign-up/email', { name: 'First', email: address, password: PASSWORD, role: 'CLIENT' })).status,
    ).toBe(200);
    const again = await post('/sign-up/email', {
      name: 'Second',
      email: address.toUpperCase(),
      password: PASSWORD,
      role: 'CLIENT',
    });
    expect(again.status).toBe(422);
    expect(again.body?.code).toBe('USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL');
  });

  it('does not let a user change their own role afterwards', async () => {
    const address = email();
    const signUp = await post('/sign-up/email', {
      name: 'Climber',
      email: address,
      password: PASSWORD,
      role: 'CLIENT',
    });
    const cookie = signUp.headers.get('set-cookie')!.split(';')[0]!;
    const update = await post('/update-user', { role: 'DESIGNER' }, freshIp(), { cookie });
    expect(update.status).toBe(403);
    expect((await env.db.user.findUniqueOrThrow({ where: { email: address } })).role).toBe('CLIENT');
  });
});

describe('sign-in limits', () => {
  it('never refuses correct sign-ins: a person (or the monitor) signing in 12 times a minute from one address is not limited', async () => {
    const user = await signedUpUser();
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await post('/sign-in/email', { email: user, password: PASSWORD }, ip)).status);
    expect(statuses).toEqual(Array(12).fill(200));
  });

  it('counts failures per address across accounts: 5 failed sign-ins from one address, then 429 for any account', async () => {
    const ip = freshIp();
    const users = [await signedUpUser(), await signedUpUser()];
    for (let i = 0; i < 5; i++)
      expect((await post('/sign-in/email', { email: users[i % 2], password: 'wrong password!' }, ip)).status).toBe(401);
    const blocked = await post('/sign-in/email', { email: users[0], password: PASSWORD }, ip);
    expect(blocked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_FAILED_SIGN_INS' } });
    await env.db.signInFailure.updateMany({
      where: { key: { startsWith: 'address:' } },
      data: { windowStartedAt: new Date(Date.now() - 61_000) },
    });
    expect((await post('/sign-in/email', { email: users[0], password: PASSWORD }, ip)).status).toBe(200);
  });

  it('allows 5 failed sign-in attempts a minute from one address, then answers 429 even with the right password', async () => {
    const user = await signedUpUser();
    const ip = freshIp();
    for (let i = 0; i < 5; i++)
      expect((await post('/sign-in/email', { email: user, password: 'wrong password!' }, ip)).status).toBe(401);
    const blocked = await post('/sign-in/email', { email: user, password: PASSWORD }, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await post('/sign-in/email', { email: user, password: PASSWORD }, freshIp())).status).toBe(200);
  });

  it('locks an account after 10 failures whatever address they come from, until the window ends', async () => {
    const user = await signedUpUser();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
      expect((await post('/sign-in/email', { email: user, password: `guess ${i} guess` })).status).toBe(401);
    const locked = await post('/sign-in/email', { email: user, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_TEMPORARILY_LOCKED' });
    await env.db.signInFailure.updateMany({ data: { windowStartedAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await post('/sign-in/email', { email: user, password: PASSWORD })).status).toBe(200);
  });

  it('clears an account’s failures after a successful sign-in', async () => {
    const user = await signedUpUser();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++)
      await post('/sign-in/email', { email: user, password: 'wrong password!' });
    expect((await post('/sign-in/email', { email: user, password: PASSWORD })).status).toBe(200);
    expect((await post('/sign-in/email', { email: user, password: 'wrong password!' })).status).toBe(401);
    expect((await post('/sign-in/email', { email: user, password: PASSWORD })).status).toBe(200);
  });
});

describe('password reset', () => {
  it('queues one reset email through the outbox, says the same for unknown addresses; the reset signs out every session', async () => {
    const address = await signedUpUser();
    const known = await post('/request-password-reset', { email: address, redirectTo: '/reset-password' });
    const unknown = await post('/request-password-reset', { email: email(), redirectTo: '/reset-password' });
    expect(known.status).toBe(200);
    expect(unknown).toMatchObject({ status: 200, body: known.body });
    const user = await env.db.user.findUniqueOrThrow({ where: { email: address } });
    const emails = await env.db.email.findMany({ where: { toUserId: user.id, template: 'password-reset' } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.props).toMatchObject({
      recipientName: user.name,
      expiresInMinutes: 30,
      resetUrl: expect.stringMatching(
        /^http:\/\/app\.test\/api\/auth\/reset-password\/[^?]+\?callbackURL=%2Freset-password$/,
      ),
    });
    expect(emails[0]!.idempotencyKey).toMatch(/^password-reset:[0-9a-f]{64}$/);

    // Signed in on two devices before the reset: both sessions are valid until then.
    const devices: string[] = [];
    for (let i = 0; i < 2; i++) {
      const signIn = await post('/sign-in/email', { email: address, password: PASSWORD });
      devices.push(signIn.headers.get('set-cookie')!.split(';')[0]!);
    }
    for (const cookie of devices) expect(await sessionUserEmail(cookie)).toBe(address);

    const token = /reset-password\/([^?]+)/.exec(String((emails[0]!.props as { resetUrl: string }).resetUrl))![1]!;
    expect((await post('/reset-password', { newPassword: 'a brand new password', token })).status).toBe(200);
    // The reset signs out every other session (someone who knew the old password is out).
    for (const cookie of devices) expect(await sessionUserEmail(cookie)).toBeNull();
    expect(await env.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await post('/sign-in/email', { email: address, password: 'a brand new password' })).status).toBe(200);
    expect((await post('/reset-password', { newPassword: 'and another one!!', token })).status).toBe(400);
  });
});

/** The signed-in user's email for a session cookie (GET /get-session), or null when the session is not valid. */
async function sessionUserEmail(cookie: string): Promise<string | null> {
  const response = await auth.handler(
    new Request(`${APP_URL}/api/auth/get-session`, { headers: { cookie, 'x-forwarded-for': freshIp() } }),
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { user: { email: string } } | null;
  return body?.user.email ?? null;
}

async function signedUpUser(): Promise<string> {
  const address = email();
  const res = await post('/sign-up/email', { name: 'Signed Up', email: address, password: PASSWORD, role: 'CLIENT' });
  expect(res.status).toBe(200);
  return address;
}
