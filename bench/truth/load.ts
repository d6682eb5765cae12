import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningStack } from '../../scripts/lib/stack';
import { emptyTally, send, webhookLoad, type ChaosConversation, type LoadTally } from '../chaos/load';

/** A signed-in real user for RUM beacons: their session cookie and a project they are a member of. */
export interface BeaconUser {
  cookie: string;
  projectId: string;
}

/** Signs a demo user in (from an address of their own, so the monitor's limiter counters are not theirs). */
export async function signInBeaconUser(
  stack: RunningStack,
  email: string,
  password: string,
  projectId: string,
  address = '198.19.200.1',
): Promise<BeaconUser> {
  const origin = new URL(stack.urls.app).origin;
  // The web app's first requests after start can take longer than one timeout on a loaded machine: try again
  // (a timed-out attempt is not a failed sign-in, so the limiter does not count it) for at most two minutes.
  const deadline = Date.now() + 120_000;
  let response: Response;
  for (;;) {
    try {
      response = await fetch(`${stack.urls.app}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status < 500 || Date.now() > deadline) break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(1000);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .find((c) => /session_token=/.test(c));
  if (!response.ok || !cookie) throw new Error(`the RUM user could not sign in: HTTP ${response.status}`);
  return { cookie, projectId };
}

export interface SteadyLoad {
  webhooks: LoadTally;
  beacons: LoadTally;
  stop(): Promise<void>;
}

/**
 * Steady real-user load until stopped: signed message webhooks (as the vendor sends them for real
 * conversations) at `webhooksPerSecond`, and one RUM chat-embed beacon a second from a signed-in user.
 */
export function startSteadyLoad(
  stack: RunningStack,
  conversations: ChaosConversation[],
  user: BeaconUser,
  webhooksPerSecond: number,
): SteadyLoad {
  let done!: () => void;
  const until = new Promise<void>((resolve) => (done = resolve));
  let stopped = false;
  void until.then(() => (stopped = true));
  const webhooks = emptyTally();
  const beacons = emptyTally();
  const hooks = webhookLoad({
    url: `${stack.urls.app}/api/webhooks/chat`,
    secret: stack.env.VENDOR_WEBHOOK_SECRET!,
    rate: webhooksPerSecond,
    conversations,
    label: 'steady',
    tally: webhooks,
    until,
  });
  const origin = new URL(stack.urls.app).origin;
  const rum = (async () => {
    while (!stopped) {
      const result = await send(`${stack.urls.app}/api/rum/chat-embed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie: user.cookie },
        body: JSON.stringify({
          attemptId: randomUUID(),
          projectId: user.projectId,
          result: 'ready',
          loadMs: 300 + Math.round(Math.random() * 900),
        }),
      });
      beacons.sent++;
      if (result.status === 202) beacons.acknowledged.add(String(beacons.sent));
      else beacons.other[`HTTP ${result.status}`] = (beacons.other[`HTTP ${result.status}`] ?? 0) + 1;
      await sleep(1000);
    }
  })();
  return {
    webhooks,
    beacons,
    stop: async () => {
      done();
      await Promise.all([hooks, rum]);
    },
  };
}
