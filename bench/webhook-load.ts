import { randomBytes } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { Webhook } from 'standardwebhooks';

/** A signed, unique message.sent delivery, as the sandbox vendor sends it. */
export interface SignedEvent {
  id: string;
  body: string;
  headers: Record<string, string>;
}

/** Makes `count` unique events signed now (signatures stay valid 5 minutes: sign shortly before each run). */
/**
 * The JSON body of the sandbox vendor's `message.sent` webhook (its wire format: sandbox/dialects/sandbox), for the
 * benches that play the vendor. `createdAt` is an ISO timestamp; participants are [client, designer].
 */
export function messageSentBody(input: {
  eventId: string;
  messageId: string;
  conversationId: string;
  senderId: string;
  participants: [string, string];
  text: string;
  createdAt: string;
}): string {
  const { eventId, messageId, conversationId, senderId, participants, text, createdAt } = input;
  return JSON.stringify({
    id: eventId,
    type: 'message.sent',
    created_at: createdAt,
    data: {
      message: { id: messageId, conversationId, senderId, text, createdAt, idempotencyKey: null, readBy: [] },
      conversation: { id: conversationId, participants },
    },
  });
}

/**
 * The Standard Webhooks headers of one delivery of `body`, signed at `at` (standardwebhooks' Webhook.sign; spec:
 * https://www.standardwebhooks.com). A receiver refuses a timestamp more than five minutes away, so a bench that
 * sends late signs at each send, as a vendor signs each delivery attempt.
 */
export function standardWebhookHeaders(webhook: Webhook, id: string, body: string, at = new Date()) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhook.sign(id, at, body),
  };
}

export function signedEvents(secret: string, count: number, prefix: string): SignedEvent[] {
  const webhook = new Webhook(secret);
  const now = new Date();
  const run = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => {
    const id = `evt_${prefix}_${run}_${i}`;
    const conversationId = `bench-conv-${i % 200}`;
    const createdAt = new Date().toISOString();
    const body = messageSentBody({
      eventId: id,
      messageId: `msg_${prefix}_${run}_${i}`,
      conversationId,
      senderId: 'bench-sender',
      participants: ['bench-sender', 'bench-peer'],
      text: `Benchmark message ${i}: the quick brown fox jumps over the lazy dog.`,
      createdAt,
    });
    return {
      id,
      body,
      headers: standardWebhookHeaders(webhook, id, body, now),
    };
  });
}

export interface LoadResult {
  result: Result;
  /** Event ids answered 2xx. */
  acknowledged: string[];
}

/** Posts the events, one per request, at `connections` concurrency (and at most `rate`/s when given) for `seconds`. */
export async function postEvents(
  url: string,
  events: SignedEvent[],
  options: { connections: number; seconds: number; rate?: number },
): Promise<LoadResult> {
  let next = 0;
  const acknowledged: string[] = [];
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.rate,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const event = events[next++ % events.length]!;
          context.eventId = event.id;
          return { ...request, method: 'POST', headers: event.headers, body: event.body };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300) acknowledged.push(context.eventId as string);
        },
      },
    ],
  });
  if (next > events.length) throw new Error(`ran out of unique events (${events.length}); raise the pool size`);
  return { result, acknowledged };
}

/** Plain load: the same unsigned body each time (for the bare baselines, which do not verify). Unique ids so inserts do insert. */
export async function postBare(
  url: string,
  events: SignedEvent[],
  options: { connections: number; seconds: number },
): Promise<Result> {
  return (await postEvents(url, events, options)).result;
}
