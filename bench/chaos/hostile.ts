import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { record, send, type LoadTally } from './load';

/**
 * The hostile inputs of issue 12, each a request that once answered 500 (or leaked): every one must get a
 * clear 4xx (or a safe redirect) and store nothing. Returns the statuses for the report's "other" column.
 */
export async function hostileInputs(appUrl: string, secret: string, tally: LoadTally): Promise<void> {
  const webhook = new Webhook(secret);
  const signed = (event: unknown) => {
    const body = JSON.stringify(event);
    const now = new Date();
    const id = `msg_hostile_${randomBytes(4).toString('hex')}`;
    return {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': webhook.sign(id, now, body),
      },
    };
  };
  const at = new Date().toISOString();
  const message = (id: string, text = 'x') => ({
    id,
    type: 'message.sent',
    created_at: at,
    data: {
      message: {
        id: `m_${randomBytes(4).toString('hex')}`,
        conversationId: 'c',
        senderId: 'u',
        text,
        createdAt: at,
        idempotencyKey: null,
        readBy: [],
      },
      conversation: { id: 'c', participants: ['u', 'v'] },
    },
  });
  const requests: [string, Parameters<typeof send>[1]][] = [
    ['/api/webhooks/chat', signed(message(randomBytes(7500).toString('base64')))],
    ['/api/webhooks/chat', signed(message('evt_\u0000nul'))],
    ['/api/webhooks/chat', signed(message(`evt_${randomBytes(4).toString('hex')}`, 'a\u0000b'))],
    ['/sign-in?next=%2F%09%2Fevil.example', { method: 'GET' }],
    ['/sign-in?next=/%0A/x', { method: 'GET' }],
    [
      '/projects/new',
      {
        method: 'POST',
        headers: {
          origin: 'https://evil.example',
          'next-action': '0123456789abcdef',
          'content-type': 'text/plain;charset=UTF-8',
        },
        body: '[]',
      },
    ],
    ['/api/metrics', { method: 'GET' }],
    [
      '/api/webhooks/sendgrid',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ event: 'delivered', sg_event_id: 'x\u0000', timestamp: 1 }]),
      },
    ],
  ];
  for (const [path, init] of requests) {
    const result = await send(`${appUrl}${path}`, init);
    const location = String(result.headers.location ?? '');
    // A redirect must stay on our origin: a Location that resolves elsewhere counts as a failure (a 5xx-class bug).
    const offsite = location !== '' && new URL(location, appUrl).origin !== new URL(appUrl).origin;
    record(tally, null, offsite ? { status: 599, ms: result.ms } : result);
  }
}
