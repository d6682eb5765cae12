import { randomUUID } from 'node:crypto';
import { StreamChat } from 'stream-chat';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { VendorApiError } from './errors';
import { STREAM_CHANNEL_PAGE, STREAM_MESSAGE_PAGE } from './stream-listing';
import type { NormalizedEvent, VendorMessage } from './types';

// The product's Stream adapter (./stream.ts, the official `stream-chat` server client) against the real sandbox
// speaking Stream's dialect (sandbox/dialects/stream), over HTTP only. The sandbox's webhook signatures are checked
// by the SDK's own `StreamChat#verifyWebhook` as well as by our verifier.

let sandbox: SandboxVendor;
let official: StreamChat;
beforeAll(async () => {
  sandbox = await startSandboxVendor({ dialect: 'stream' });
  official = new StreamChat(sandbox.configEnv.VENDOR_APP_ID!, sandbox.webhookSecret);
});

const unique = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function collect(iterable: AsyncIterable<VendorMessage>): Promise<VendorMessage[]> {
  const out: VendorMessage[] = [];
  for await (const m of iterable) out.push(m);
  return out;
}

/** Waits for the sandbox's delivery matching `match`, checks it with the SDK, and parses it as our route does. */
async function delivered(match: (body: Record<string, unknown>) => boolean): Promise<NormalizedEvent> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const request = sandbox.webhooks.requests.find((r) => match(JSON.parse(r.body) as Record<string, unknown>));
    if (request) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      expect(official.verifyWebhook(request.body, headers.get('x-signature')!)).toBe(true);
      expect(headers.get('x-webhook-attempt')).toBe('1');
      const [event] = await sandbox.vendor.parseWebhook({ rawBody: request.body, headers });
      expect(event!.eventId).toBe(headers.get('x-webhook-id'));
      return event!;
    }
    if (Date.now() > deadline) throw new Error('no matching webhook within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function seed(conversationId = unique('conv')) {
  const [client, designer] = [unique('client'), unique('designer')];
  await sandbox.vendor.ensureUser({ id: client, name: 'Cleo', email: 'cleo@example.test', role: 'client' });
  await sandbox.vendor.ensureUser({ id: designer, name: 'Dan', email: 'dan@example.test', role: 'designer' });
  await sandbox.vendor.ensureConversation({ conversationId, participantIds: [client, designer], subject: 'Logo' });
  await sandbox.vendor.ensureConversation({ conversationId, participantIds: [client, designer], subject: 'Logo' });
  return { conversationId, client, designer };
}

describe('Stream adapter against the sandbox Stream dialect', { timeout: 120_000 }, () => {
  it('sends once per idempotency key (the second send is refused as a duplicate id and read back); its message.new verifies', async () => {
    const { conversationId, client } = await seed();
    const key = unique('key');
    const input = { conversationId, senderId: client, text: 'hello', idempotencyKey: key };
    const sent = await sandbox.vendor.sendMessage(input);
    const again = await sandbox.vendor.sendMessage(input);
    expect(again).toEqual(sent);
    expect(sent).toMatchObject({ conversationId, senderId: client, text: 'hello', idempotencyKey: key });

    const event = await delivered((b) => b.type === 'message.new' && (b.message as { id: string }).id === sent.id);
    expect(event).toMatchObject({
      kind: 'message.sent',
      message: { id: sent.id, conversationId, idempotencyKey: key },
    });
    expect(
      sandbox.webhooks.requests.filter((r) => r.body.includes(sent.id) && r.body.includes('message.new')),
    ).toHaveLength(1);
  });

  it('lists a window across more than one page of channels and of messages (Stream page caps)', async () => {
    const since = new Date();
    const seeded = await seed();
    const others: string[] = [];
    for (let i = 0; i < STREAM_CHANNEL_PAGE; i++) {
      const id = unique(`many${i}`);
      await sandbox.vendor.ensureConversation({
        conversationId: id,
        participantIds: [seeded.client, seeded.designer],
        subject: 's',
      });
      await sandbox.vendor.sendMessage({
        conversationId: id,
        senderId: seeded.designer,
        text: `one in ${i}`,
        idempotencyKey: unique('k'),
      });
      others.push(id);
    }
    const long: string[] = [];
    for (let i = 0; i < STREAM_MESSAGE_PAGE + 5; i++)
      long.push(
        (
          await sandbox.vendor.sendMessage({
            conversationId: seeded.conversationId,
            senderId: seeded.client,
            text: `m${i}`,
            idempotencyKey: unique('k'),
          })
        ).id,
      );
    const listed = await collect(sandbox.vendor.listMessages({ since, until: new Date(Date.now() + 1000) }));
    expect(
      listed
        .filter((m) => m.conversationId === seeded.conversationId)
        .map((m) => m.id)
        .sort(),
    ).toEqual([...long].sort());
    expect(new Set(listed.filter((m) => others.includes(m.conversationId)).map((m) => m.conversationId))).toEqual(
      new Set(others),
    );
  });

  it('refuses pages above Stream’s caps with a Stream error body', async () => {
    const { conversationId } = await seed();
    const auth = new StreamChat(sandbox.configEnv.VENDOR_APP_ID!, sandbox.configEnv.VENDOR_API_SECRET!, {
      baseURL: sandbox.url,
    });
    const tooMany = await auth.queryChannels({ type: 'messaging' }, {}, { limit: 31 }).catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ status: 400, code: 4 });
    const page = await auth
      .channel('messaging', conversationId)
      .query({ messages: { limit: 301 } })
      .catch((e: unknown) => e);
    expect(page).toMatchObject({ status: 400, code: 4 });
    const sent = await sandbox.vendor
      .sendMessage({ conversationId, senderId: 'nobody', text: 'x', idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(sent).toMatchObject({ status: 404, vendorCode: '16' });
    const { client } = await seed(conversationId);
    const first = await auth
      .channel('messaging', conversationId)
      .sendMessage({ id: unique('own'), text: 'x', user_id: client });
    const duplicate = await auth
      .channel('messaging', conversationId)
      .sendMessage({ id: first.message.id, text: 'x', user_id: client })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 400, code: 4 });
    const missing = await auth.getMessage('no-such-message').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 16 });
  });

  it("accepts the adapter's user token in the sandbox embed; a read comes back as message.read up to the newest read message", async () => {
    const { conversationId, client, designer } = await seed();
    const first = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'a',
      idempotencyKey: unique('k'),
    });
    const second = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'b',
      idempotencyKey: unique('k'),
    });
    const embed = new URL(await sandbox.vendor.embedUrl({ conversationId, userId: designer }));
    expect(embed.pathname).toBe(`/embed/${conversationId}`);
    expect((await fetch(embed)).status).toBe(200);
    const read = await fetch(`${sandbox.url}/embed/api/${conversationId}/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${embed.searchParams.get('token')}` },
      body: JSON.stringify({ messageIds: [first.id, second.id] }),
    });
    expect(read.status).toBe(200);
    const event = await delivered((b) => b.type === 'message.read' && b.channel_id === conversationId);
    expect(event).toMatchObject({
      kind: 'message.read',
      conversationId,
      readerId: designer,
      upTo: { messageId: second.id },
    });
  });

  it('probes with one request, and reads an outage as a retryable VendorApiError with Stream’s code', async () => {
    await sandbox.vendor.probe!();
    await sandbox.fault('api-down');
    try {
      const error = await sandbox.vendor.probe!().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorApiError);
      expect(error).toMatchObject({ status: 503, retryable: true, vendorCode: '-1' });
    } finally {
      await sandbox.endFaults();
    }
  });
});
