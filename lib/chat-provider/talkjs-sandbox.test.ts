import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { VendorApiError } from './errors';
import { createChatProvider } from './index';
import type { NormalizedEvent, VendorMessage } from './types';

// The product's TalkJS adapter (./talkjs.ts) against the real sandbox speaking TalkJS's dialect
// (sandbox/dialects/talkjs), over HTTP only: the two sides share no code, so every assertion here is the
// adapter reading a wire format someone else wrote from the same TalkJS docs.

let sandbox: SandboxVendor;
beforeAll(async () => {
  sandbox = await startSandboxVendor({ dialect: 'talkjs' });
});

const unique = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function collect(iterable: AsyncIterable<VendorMessage>): Promise<VendorMessage[]> {
  const out: VendorMessage[] = [];
  for await (const m of iterable) out.push(m);
  return out;
}

/** Waits for the sandbox's delivery of `type` about `messageId` and parses it with the adapter, as our route does. */
async function delivered(type: string, messageId: string): Promise<NormalizedEvent> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const request = sandbox.webhooks.requests.find((r) => {
      const body = JSON.parse(r.body) as { type: string; data?: { message?: { id?: string } } };
      return body.type === type && body.data?.message?.id === messageId;
    });
    if (request) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const [event] = await sandbox.vendor.parseWebhook({ rawBody: request.body, headers });
      return event!;
    }
    if (Date.now() > deadline) throw new Error(`no ${type} webhook for ${messageId} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function seed() {
  const conversationId = unique('conv');
  const [client, designer] = [unique('client'), unique('designer')];
  await sandbox.vendor.ensureUser({ id: client, name: 'Cleo', email: 'cleo@example.test', role: 'client' });
  await sandbox.vendor.ensureUser({ id: designer, name: 'Dan', email: 'dan@example.test', role: 'designer' });
  await sandbox.vendor.ensureConversation({ conversationId, participantIds: [client, designer], subject: 'Logo' });
  return { conversationId, client, designer };
}

describe('TalkJS adapter against the sandbox TalkJS dialect', () => {
  it('sends once per idempotency key, lists the message back with its key, and verifies its signed webhook', async () => {
    const { conversationId, client } = await seed();
    const since = new Date(Date.now() - 1000);
    const key = unique('key');
    const sent = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'hello',
      idempotencyKey: key,
    });
    const again = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'hello',
      idempotencyKey: key,
    });
    expect(again.id).toBe(sent.id);

    const listed = await collect(sandbox.vendor.listMessages({ since, until: new Date(Date.now() + 1000) }));
    expect(listed.filter((m) => m.conversationId === conversationId)).toEqual([
      expect.objectContaining({ id: sent.id, senderId: client, text: 'hello', idempotencyKey: key }),
    ]);

    const event = await delivered('message.sent', sent.id);
    expect(event).toMatchObject({
      kind: 'message.sent',
      message: { id: sent.id, conversationId, idempotencyKey: key },
    });
  });

  it("accepts the adapter's user token in the sandbox embed, whose reads come back as message.read webhooks", async () => {
    const { conversationId, client, designer } = await seed();
    const sent = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'read me',
      idempotencyKey: unique('k'),
    });
    const embed = new URL(await sandbox.vendor.embedUrl({ conversationId, userId: designer }));
    expect(embed.pathname).toBe(`/embed/${conversationId}`);
    const page = await fetch(embed);
    expect(page.status).toBe(200);
    const read = await fetch(`${sandbox.url}/embed/api/${conversationId}/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${embed.searchParams.get('token')}` },
      body: JSON.stringify({ messageIds: [sent.id] }),
    });
    expect(read.status).toBe(200);
    const event = await delivered('message.read', sent.id);
    expect(event).toMatchObject({ kind: 'message.read', conversationId, readerId: designer, messageIds: [sent.id] });
  });

  it('probes with one request, and reads an outage as a retryable VendorApiError', async () => {
    // Counted, not timed: the adapter's requests go through a forwarder that logs them, with conversations enough
    // that a walk of them would take more than one request.
    for (let i = 0; i < 3; i++) await seed();
    const seen: string[] = [];
    const forwarder = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection'].includes(k)),
        ) as Record<string, string>;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        fetch(`${sandbox.url}${req.url}`, { method: req.method, headers, body }).then(
          async (answer) =>
            res
              .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' })
              .end(Buffer.from(await answer.arrayBuffer())),
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    try {
      const env = sandbox.configEnv;
      const counted = createChatProvider('talkjs', {
        appId: env.VENDOR_APP_ID!,
        apiUrl: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}`,
        embedUrl: env.VENDOR_EMBED_URL!,
        apiSecret: env.VENDOR_API_SECRET!,
        webhookSecret: env.VENDOR_WEBHOOK_SECRET!,
      });
      await counted.probe!();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^GET \/.*\/conversations\?limit=1$/);
    } finally {
      await new Promise((resolve) => forwarder.close(resolve));
    }
    const fault = await sandbox.fault('api-down');
    try {
      const error = await sandbox.vendor.probe!().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorApiError);
      expect(error).toMatchObject({ status: 503, retryable: true, vendorCode: 'SERVICE_UNAVAILABLE' });
    } finally {
      await sandbox.endFaults();
    }
    expect(fault).toBeTruthy();
  });
});
