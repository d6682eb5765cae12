import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StubRequest } from '../../test/support/http-stub';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { VendorApiError } from './errors';
import type { NormalizedEvent, VendorMessage } from './types';

// The product's Sendbird and Twilio adapters (./sendbird.ts, ./twilio.ts through the official `twilio` library)
// against the real sandbox speaking each vendor's dialect (sandbox/dialects/{sendbird,twilio}), over HTTP only:
// the two sides share no code, so every assertion is the adapter reading a wire format written apart from it.

type Dialect = 'sendbird' | 'twilio';

/** How each vendor's webhook names its type and message, read from the raw delivery (JSON or form). */
interface Wire {
  type: string;
  messageId: string | null;
  conversationId: string | null;
}
const wire: Record<Dialect, (r: StubRequest) => Wire> = {
  sendbird: (r) => {
    const body = JSON.parse(r.body) as {
      category: string;
      payload?: { message_id?: number };
      channel?: { channel_url?: string };
    };
    return {
      type: body.category,
      messageId: body.payload?.message_id?.toString() ?? null,
      conversationId: body.channel?.channel_url ?? null,
    };
  },
  // Twilio's body names only the Conversation SID; our id rides in the scoped webhook's URL (./twilio.ts).
  twilio: (r) => {
    const form = new URLSearchParams(r.body);
    return {
      type: form.get('EventType') ?? '',
      messageId: form.get('MessageSid'),
      conversationId: r.url.searchParams.get('conversation'),
    };
  },
};
const SENT: Record<Dialect, string> = { sendbird: 'group_channel:message_send', twilio: 'onMessageAdded' };
const READ: Record<Dialect, string> = { sendbird: 'group_channel:message_read', twilio: 'onParticipantUpdated' };
/** One page's cap, and a request past it that the dialect must refuse with its own error body. */
const CAP: Record<Dialect, { page: number; over: (conversationId: string) => string }> = {
  sendbird: { page: 200, over: (c) => `/v3/group_channels/${c}/messages?message_ts=0&next_limit=201` },
  twilio: { page: 100, over: (c) => `/v1/Conversations/${c}/Messages?PageSize=101` },
};

const unique = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function collect(iterable: AsyncIterable<VendorMessage>): Promise<VendorMessage[]> {
  const out: VendorMessage[] = [];
  for await (const m of iterable) out.push(m);
  return out;
}

describe.each(['sendbird', 'twilio'] as const)('%s adapter against its sandbox dialect', (dialect) => {
  let sandbox: SandboxVendor;
  beforeAll(async () => {
    sandbox = await startSandboxVendor({ dialect });
  });

  const deliveries = (match: (w: Wire) => boolean) => sandbox.webhooks.requests.filter((r) => match(wire[dialect](r)));

  /** Waits for a delivery matching `match` and parses it with the adapter, as our webhook route does. */
  async function delivered(match: (w: Wire) => boolean) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const request = deliveries(match)[0];
      if (request) {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers))
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        const events = await sandbox.vendor.parseWebhook({ rawBody: request.body, headers, url: request.url.href });
        return { request, events };
      }
      if (Date.now() > deadline) throw new Error(`no matching ${dialect} webhook within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The vendor's REST credentials as its own clients send them. */
  const auth = (): Record<string, string> =>
    dialect === 'sendbird'
      ? { 'api-token': sandbox.configEnv.VENDOR_API_SECRET! }
      : {
          authorization: `Basic ${Buffer.from(`${sandbox.configEnv.VENDOR_APP_ID}:${sandbox.configEnv.VENDOR_API_SECRET}`).toString('base64')}`,
        };

  /** One message sent through the vendor's REST API as its docs show; answers the id the adapter will list. */
  async function postMessage(conversationId: string, senderId: string, text: string): Promise<string> {
    const response =
      dialect === 'sendbird'
        ? await fetch(`${sandbox.url}/v3/group_channels/${conversationId}/messages`, {
            method: 'POST',
            headers: { ...auth(), 'content-type': 'application/json' },
            body: JSON.stringify({ message_type: 'MESG', user_id: senderId, message: text }),
          })
        : await fetch(`${sandbox.url}/v1/Conversations/${conversationId}/Messages`, {
            method: 'POST',
            headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ Author: senderId, Body: text }),
          });
    expect(response.ok).toBe(true);
    const json = (await response.json()) as { message_id?: number; sid?: string };
    return String(json.message_id ?? json.sid);
  }

  async function seed() {
    const conversationId = unique('conv');
    const [client, designer] = [unique('client'), unique('designer')];
    await sandbox.vendor.ensureUser({ id: client, name: 'Cleo', email: 'cleo@example.test', role: 'client' });
    await sandbox.vendor.ensureUser({ id: designer, name: 'Dan', email: 'dan@example.test', role: 'designer' });
    await sandbox.vendor.ensureConversation({ conversationId, participantIds: [client, designer], subject: 'Logo' });
    // A second call finds everything existing (the vendor's "already exists" answers) and must still succeed.
    await sandbox.vendor.ensureUser({ id: client, name: 'Cleo', email: 'cleo@example.test', role: 'client' });
    await sandbox.vendor.ensureConversation({ conversationId, participantIds: [client, designer], subject: 'Logo' });
    return { conversationId, client, designer };
  }

  it('sends once per key, lists it back with the key, and its signed webhook passes our verifier', async () => {
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

    const { events } = await delivered((w) => w.type === SENT[dialect] && w.messageId === sent.id);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'message.sent',
        message: expect.objectContaining({ id: sent.id, conversationId, idempotencyKey: key }),
      }),
    ]);
    expect(deliveries((w) => w.type === SENT[dialect] && w.messageId === sent.id)).toHaveLength(1);
  });

  it("opens the sandbox embed with the adapter's browser token; a read there arrives as the reader's read", async () => {
    const { conversationId, client, designer } = await seed();
    const sent = await sandbox.vendor.sendMessage({
      conversationId,
      senderId: client,
      text: 'read me',
      idempotencyKey: unique('k'),
    });
    const embed = new URL(await sandbox.vendor.embedUrl({ conversationId, userId: designer }));
    expect(embed.pathname).toBe(`/embed/${conversationId}`);
    expect((await fetch(embed)).status).toBe(200);
    const token = embed.searchParams.get('token')!;
    const auth = { authorization: `Bearer ${token}` };
    const listed = (await (
      await fetch(`${sandbox.url}/embed/api/${conversationId}/messages`, { headers: auth })
    ).json()) as {
      data: { id: string; text: string }[];
    };
    const read = await fetch(`${sandbox.url}/embed/api/${conversationId}/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ messageIds: listed.data.filter((m) => m.text === 'read me').map((m) => m.id) }),
    });
    expect(read.status).toBe(200);
    const { events } = await delivered((w) => w.type === READ[dialect] && w.conversationId === conversationId);
    expect(events).toEqual([expect.objectContaining({ kind: 'message.read', conversationId, readerId: designer })]);
    // Neither vendor names the messages read: the read is up to a time that covers the message we sent
    // (Sendbird read_ts, Twilio LastReadTimestamp), which lib/messaging/read-horizon.ts turns into read messages.
    const upTo = (events[0] as Extract<NormalizedEvent, { kind: 'message.read' }>).upTo?.at;
    expect(upTo?.getTime()).toBeGreaterThanOrEqual(sent.createdAt.getTime());
    // Someone else's token for the same conversation is refused.
    const stranger = new URL(await sandbox.vendor.embedUrl({ conversationId, userId: client }));
    stranger.searchParams.set('token', `${token.slice(0, -4)}AAAA`);
    expect((await fetch(stranger)).status).toBe(403);
  });

  it('the embed names a message by the id its signed webhook names it by, in its answer, history and live feed', async () => {
    const { conversationId, client, designer } = await seed();
    const tokenOf = async (userId: string) =>
      new URL(await sandbox.vendor.embedUrl({ conversationId, userId })).searchParams.get('token')!;
    const [clientToken, designerToken] = await Promise.all([tokenOf(client), tokenOf(designer)]);
    const clientAuth = { authorization: `Bearer ${clientToken}` };
    const designerAuth = { authorization: `Bearer ${designerToken}` };
    const api = `${sandbox.url}/embed/api/${conversationId}`;

    // The other participant's embed is live (SSE) before the message is sent.
    const live = new AbortController();
    const feed = await fetch(`${api}/events?token=${encodeURIComponent(designerToken)}`, {
      signal: live.signal,
    });
    const reader = feed.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    const readUntil = async (marker: string) => {
      while (!seen.includes(marker)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the embed's live feed ended before ${marker}`);
        seen += chunk.value;
      }
    };
    await readUntil('event: hello');

    const text = unique('canary');
    const posted = await fetch(`${api}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clientAuth },
      body: JSON.stringify({ text }),
    });
    expect(posted.status).toBe(201);
    const shownId = ((await posted.json()) as { message: { id: string } }).message.id;

    // The signed webhook, verified and read by our adapter as our webhook route does.
    const { events } = await delivered((w) => w.type === SENT[dialect] && w.conversationId === conversationId);
    const [event] = events as Extract<NormalizedEvent, { kind: 'message.sent' }>[];
    expect(event).toMatchObject({ kind: 'message.sent', message: { text } });
    expect(shownId).toBe(event!.message.id);

    // The operator's delivery log (the e2e reconciliation spec's ground truth) names it the same way.
    const log = (await (
      await fetch(`${sandbox.url}/admin/api/deliveries?eventType=${encodeURIComponent(SENT[dialect])}`)
    ).json()) as { data: { messageId: string | null; conversationId: string | null }[] };
    expect(log.data.filter((d) => d.conversationId === conversationId).map((d) => d.messageId)).toEqual([
      event!.message.id,
    ]);

    const history = (await (await fetch(`${api}/messages`, { headers: designerAuth })).json()) as {
      data: { id: string; text: string }[];
    };
    expect(history.data.find((m) => m.text === text)?.id).toBe(event!.message.id);

    await readUntil('event: message');
    live.abort();
    const data = /event: message\ndata: (.*)\n/.exec(seen)![1]!;
    expect((JSON.parse(data) as { id: string }).id).toBe(event!.message.id);

    // A read sent back from the embed under that id reaches the message it names.
    const read = await fetch(`${api}/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...designerAuth },
      body: JSON.stringify({ messageIds: [shownId] }),
    });
    expect(await read.json()).toMatchObject({ messageIds: [event!.message.id] });
  });

  it("reconciles across more than one of the vendor's pages, and refuses a page past the cap", async () => {
    const { conversationId, client } = await seed();
    const since = new Date(Date.now() - 1000);
    const count = CAP[dialect].page + 5;
    // Straight to the vendor's REST API, ten at a time: the adapter's de-duplicating send reads first, 2× the requests.
    const ids: string[] = [];
    for (let n = 0; n < count; n += 10)
      ids.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, count - n) }, (_, i) => postMessage(conversationId, client, `m${n + i}`)),
        )),
      );
    const listed = await collect(sandbox.vendor.listMessages({ since, until: new Date(Date.now() + 1000) }));
    expect(
      listed
        .filter((m) => m.conversationId === conversationId)
        .map((m) => m.id)
        .sort(),
    ).toEqual(ids.sort());

    const over = await fetch(`${sandbox.url}${CAP[dialect].over(conversationId)}`, { headers: auth() });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject(
      dialect === 'sendbird' ? { error: true, code: 400111 } : { status: 400, code: 20001 },
    );
  }, 60_000);

  it('probes with one request, reads an outage as retryable, and a bad secret as not', async () => {
    await sandbox.vendor.probe!();
    await sandbox.fault('api-down');
    try {
      const error = await sandbox.vendor.probe!().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorApiError);
      expect(error).toMatchObject({ status: 503, retryable: true });
    } finally {
      await sandbox.endFaults();
    }
    const bad = await fetch(`${sandbox.url}${dialect === 'sendbird' ? '/v3/users?limit=1' : '/v1/Configuration'}`, {
      headers: dialect === 'sendbird' ? { 'api-token': 'wrong' } : { authorization: 'Basic d3Jvbmc6d3Jvbmc=' },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject(dialect === 'sendbird' ? { error: true, code: 400401 } : { code: 20003 });
  });
});
