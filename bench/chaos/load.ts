import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { messageSentBody, standardWebhookHeaders } from '../webhook-load';

/** One conversation the chaos run writes into: its vendor id and its two members. */
export interface ChaosConversation {
  vendorConversationId: string;
  clientId: string;
  designerId: string;
}

/** What the load generator saw, per fault. */
export interface LoadTally {
  sent: number;
  acknowledged: Set<string>;
  unavailable: number;
  serverErrors: number;
  other: Record<string, number>;
  longestMs: number;
  /** Every event id sent, acknowledged or not. */
  ids: Set<string>;
}

export const emptyTally = (): LoadTally => ({
  sent: 0,
  acknowledged: new Set(),
  unavailable: 0,
  serverErrors: 0,
  other: {},
  longestMs: 0,
  ids: new Set(),
});

const agent = new Agent({ keepAlive: true, maxSockets: 512 });
/** A request still unanswered after this is counted as failed (and as the longest request). */
const CLIENT_TIMEOUT_MS = 30_000;

/** A message.sent delivery as the sandbox vendor signs it (Standard Webhooks), from one member to the other. */
export function signedMessage(
  secret: string,
  conversation: ChaosConversation,
  label: string,
): { id: string; body: string; sign: () => Record<string, string> } {
  const run = randomBytes(6).toString('hex');
  const id = `evt_chaos_${label}_${run}`;
  const createdAt = new Date().toISOString();
  const body = messageSentBody({
    eventId: id,
    messageId: `msg_chaos_${label}_${run}`,
    conversationId: conversation.vendorConversationId,
    senderId: conversation.clientId,
    participants: [conversation.clientId, conversation.designerId],
    text: `chaos ${label}`,
    createdAt,
  });
  const webhook = new Webhook(secret);
  // Signed at each send, as a vendor signs each delivery attempt (signatures are valid for five minutes).
  const sign = () => standardWebhookHeaders(webhook, id, body);
  return { id, body, sign };
}

/** One HTTP request; resolves with the status (0 for a network failure or timeout) and its duration. */
export function send(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; ms: number; headers: Record<string, string | string[] | undefined> }> {
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method,
        headers: {
          ...init.headers,
          ...(init.body !== undefined ? { 'content-length': Buffer.byteLength(init.body) } : {}),
        },
        timeout: CLIENT_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, headers: res.headers }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, headers: {} }));
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Records one answer in the tally. */
export function record(tally: LoadTally, id: string | null, result: { status: number; ms: number }): void {
  tally.sent++;
  tally.longestMs = Math.max(tally.longestMs, result.ms);
  if (id) tally.ids.add(id);
  if (result.status >= 200 && result.status < 300) {
    if (id) tally.acknowledged.add(id);
  } else if (result.status === 503) tally.unavailable++;
  else if (result.status >= 500) tally.serverErrors++;
  else {
    const key = result.status === 0 ? 'no answer' : `HTTP ${result.status}`;
    tally.other[key] = (tally.other[key] ?? 0) + 1;
  }
}

/**
 * Open-loop webhook load from loopback at `rate`/s until `until` resolves: each request is sent when due
 * whatever the earlier ones are doing (a vendor does not wait for us). Events not acknowledged are returned
 * for redelivery, as a vendor retries them.
 */
export async function webhookLoad(options: {
  url: string;
  secret: string;
  rate: number;
  conversations: ChaosConversation[];
  label: string;
  tally: LoadTally;
  until: Promise<void>;
}): Promise<ReturnType<typeof signedMessage>[]> {
  let stop = false;
  void options.until.then(() => (stop = true));
  const pending: Promise<void>[] = [];
  const unacked: ReturnType<typeof signedMessage>[] = [];
  const started = performance.now();
  for (let i = 0; !stop; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const event = signedMessage(
      options.secret,
      options.conversations[i % options.conversations.length]!,
      `${options.label}${i}`,
    );
    pending.push(
      send(options.url, { method: 'POST', headers: event.sign(), body: event.body }).then((result) => {
        record(options.tally, event.id, result);
        if (result.status < 200 || result.status >= 300) unacked.push(event);
      }),
    );
  }
  await Promise.all(pending);
  return unacked;
}

/** Redelivers events until each is acknowledged (a vendor's retries), for at most `withinMs`. */
export async function redeliver(
  url: string,
  events: ReturnType<typeof signedMessage>[],
  tally: LoadTally,
  withinMs: number,
  concurrency = 32,
): Promise<number> {
  // A vendor retries each refused delivery on its own schedule, a few at a time — not thousands at once. A burst
  // of every refused event would queue inside this process's HTTP agent, and that queueing would be measured as
  // our request time. So at most `concurrency` redeliveries are in flight.
  const deadline = Date.now() + withinMs;
  let left = events;
  while (left.length > 0 && Date.now() < deadline) {
    const failed: typeof left = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, left.length) }, async () => {
        while (next < left.length && Date.now() < deadline) {
          const event = left[next++]!;
          const result = await send(url, { method: 'POST', headers: event.sign(), body: event.body });
          record(tally, event.id, result);
          if (result.status < 200 || result.status >= 300) failed.push(event);
        }
      }),
    );
    left = [...failed, ...left.slice(next)];
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return left.length;
}
