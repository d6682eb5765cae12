import { randomUUID } from 'node:crypto';
import { VendorApiError } from '../../lib/chat-provider/errors';
import type { ChatProvider, VendorMessage, VendorUser } from '../../lib/chat-provider/types';

type Call = 'ensureUser' | 'ensureConversation' | 'sendMessage' | 'embedUrl' | 'listMessages';

/**
 * An in-memory chat vendor with the adapter contract our services rely on (upserts, one message per
 * idempotency key, participants only). `fail` makes the next calls of a kind throw, as a network edge would.
 */
export class FakeVendor implements ChatProvider {
  readonly name = 'sandbox' as const;
  readonly embedOrigin = 'http://vendor.test';
  users = new Map<string, VendorUser>();
  conversations = new Map<string, { participantIds: string[]; subject: string }>();
  messages: VendorMessage[] = [];
  calls: Call[] = [];
  private failures: { call: Call; error: Error; times: number }[] = [];

  /** The next `times` calls of `call` throw `error` (default: a retryable 503). */
  fail(call: Call, times = 1, error: Error = new VendorApiError('vendor answered 503', 503, true)) {
    this.failures.push({ call, error, times });
  }

  private enter(call: Call) {
    this.calls.push(call);
    const failure = this.failures.find((f) => f.call === call && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  }

  async embedUrl({ conversationId, userId }: { conversationId: string; userId: string }) {
    this.enter('embedUrl');
    return `${this.embedOrigin}/embed/${conversationId}?token=for-${userId}`;
  }

  async parseWebhook(): Promise<never> {
    throw new Error('not used');
  }

  async ensureUser(user: VendorUser) {
    this.enter('ensureUser');
    this.users.set(user.id, user);
  }

  async ensureConversation(input: { conversationId: string; participantIds: string[]; subject: string }) {
    this.enter('ensureConversation');
    this.conversations.set(input.conversationId, { participantIds: input.participantIds, subject: input.subject });
  }

  async sendMessage(input: {
    conversationId: string;
    senderId: string;
    text: string;
    idempotencyKey: string;
  }): Promise<VendorMessage> {
    this.enter('sendMessage');
    const conversation = this.conversations.get(input.conversationId);
    if (!conversation)
      throw new VendorApiError('conversation_not_found', 404, false, { vendorCode: 'conversation_not_found' });
    if (!conversation.participantIds.includes(input.senderId))
      throw new VendorApiError('not a participant', 400, false, { vendorCode: 'validation_error' });
    const existing = this.messages.find(
      (m) => m.conversationId === input.conversationId && m.idempotencyKey === input.idempotencyKey,
    );
    if (existing) return existing;
    const message: VendorMessage = {
      id: `msg_${randomUUID()}`,
      conversationId: input.conversationId,
      senderId: input.senderId,
      text: input.text,
      createdAt: new Date(),
      idempotencyKey: input.idempotencyKey,
    };
    this.messages.push(message);
    return message;
  }

  async *listMessages({ since, until }: { since: Date; until: Date }): AsyncIterable<VendorMessage> {
    this.enter('listMessages');
    for (const m of this.messages) if (m.createdAt >= since && m.createdAt < until) yield m;
  }
}
