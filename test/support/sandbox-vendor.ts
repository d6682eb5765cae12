import { afterAll } from 'vitest';
import { createChatProvider } from '../../lib/chat-provider';
import type { ChatProvider } from '../../lib/chat-provider/types';
import type { FaultMode } from '../../sandbox/faults/modes';
import { API_SECRET, startReceiver, startSandbox, WEBHOOK_SECRET, type Receiver, type Running } from '../../sandbox/test/harness';
import { createTestDatabase } from './db';

export interface SandboxVendor {
  /** The product's own sandbox adapter, talking to the running sandbox over HTTP. */
  vendor: ChatProvider;
  sandbox: Running;
  /** Where the sandbox posts its webhooks (a recorder; tests forward what they need). */
  webhooks: Receiver;
  /** Starts a fault (POST /admin/faults) and answers its id. */
  fault(mode: FaultMode, options?: { durationMs?: number; probability?: number; delayMs?: number }): Promise<string>;
  /** Ends every active fault. */
  endFaults(): Promise<void>;
  /** The vendor's messages of one conversation, read over its REST API. */
  messagesOf(conversationId: string): Promise<{ id: string; senderId: string; text: string; idempotencyKey: string | null }[]>;
}

/**
 * The real sandbox vendor on its own database and a free port, reached only over HTTP through the product's
 * adapter (lib/chat-provider/sandbox.ts): HTTP, idempotency and faults are the vendor's, not a test double's.
 * Stopped after the file.
 */
export async function startSandboxVendor(): Promise<SandboxVendor> {
  const webhooks = await startReceiver();
  const sandbox = await startSandbox(await createTestDatabase(), { APP_WEBHOOK_URL: `${webhooks.url}/api/webhooks/chat`, SENDGRID_EVENT_WEBHOOK_URL: `${webhooks.url}/api/webhooks/sendgrid` });
  afterAll(async () => {
    await sandbox.sandbox.stop();
    await webhooks.close();
  });
  const vendor = createChatProvider('sandbox', { appId: sandbox.config.VENDOR_APP_ID, apiUrl: sandbox.url, embedUrl: sandbox.url, apiSecret: API_SECRET, webhookSecret: WEBHOOK_SECRET, timeoutMs: 15_000 });
  return {
    vendor,
    sandbox,
    webhooks,
    async fault(mode, options = {}) {
      const r = await sandbox.call('POST', '/admin/faults', { mode, ...options });
      if (r.status !== 201) throw new Error(`starting fault ${mode}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json.fault.id as string;
    },
    async endFaults() {
      await sandbox.call('DELETE', '/admin/faults');
    },
    async messagesOf(conversationId) {
      const r = await sandbox.api('GET', `/conversations/${encodeURIComponent(conversationId)}/messages`);
      if (r.status !== 200) throw new Error(`listing messages of ${conversationId}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json.data;
    },
  };
}
