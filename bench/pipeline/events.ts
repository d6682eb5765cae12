import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createDb } from '../../lib/db/client';
import { messageSentBody, standardWebhookHeaders, type SignedEvent } from '../webhook-load';

/** One conversation the pipeline bench writes into: our row id, its vendor id and its two members. */
export interface BenchConversation {
  id: string;
  vendorConversationId: string;
  clientId: string;
  designerId: string;
}

/** Creates `count` client–designer projects with their vendor conversations (as issue 4 creates them). */
export async function makeBenchConversations(databaseUrl: string, count: number): Promise<BenchConversation[]> {
  const db = createDb(databaseUrl, 2);
  try {
    const run = Date.now().toString(36);
    const made: BenchConversation[] = [];
    for (let i = 0; i < count; i++) {
      const [clientId, designerId] = [`pipe-c-${run}-${i}`, `pipe-d-${run}-${i}`];
      await db.user.createMany({
        data: [
          { id: clientId, name: `Pipeline client ${i}`, email: `${clientId}@bench.chatwatch.test`, role: 'CLIENT' },
          {
            id: designerId,
            name: `Pipeline designer ${i}`,
            email: `${designerId}@bench.chatwatch.test`,
            role: 'DESIGNER',
          },
        ],
      });
      const project = await db.project.create({ data: { title: `Pipeline ${i}`, clientId, designerId } });
      const conversation = await db.conversation.create({
        data: { projectId: project.id, vendor: 'sandbox', vendorConversationId: project.id },
      });
      made.push({ id: conversation.id, vendorConversationId: project.id, clientId, designerId });
    }
    return made;
  } finally {
    await db.$disconnect();
  }
}

/** A bench event with who sent its message (the email check needs the recipient). */
export interface PipelineEvent extends SignedEvent {
  messageId: string;
  senderId: string;
  recipientId: string;
}

/**
 * `count` unique message.sent deliveries signed as the sandbox signs them (Standard Webhooks), round-robin over the
 * conversations, in each conversation the client first and then alternating, so every message owes its other
 * member one email (the first as the designer's new-inquiry email, the rest as unread-messages emails).
 * Each event is signed when its headers are read, i.e. when it is sent: a signature is valid for 5 minutes
 * (Standard Webhooks' timestamp tolerance), and on a loaded machine a run of a few thousand events takes longer,
 * so signing them all up front made the app refuse the late ones as stale (HTTP 401), not as a pipeline fault.
 */
export function pipelineEvents(secret: string, conversations: BenchConversation[], count: number): PipelineEvent[] {
  const webhook = new Webhook(secret);
  const now = new Date();
  const run = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => {
    const conversation = conversations[i % conversations.length]!;
    const turn = Math.floor(i / conversations.length);
    const [senderId, recipientId] =
      turn % 2 === 0
        ? [conversation.clientId, conversation.designerId]
        : [conversation.designerId, conversation.clientId];
    const id = `evt_pipe_${run}_${i}`;
    // Distinct, increasing times: the vendor's order of the conversation's messages.
    const createdAt = new Date(now.getTime() + i).toISOString();
    const messageId = `msg_pipe_${run}_${i}`;
    const body = messageSentBody({
      eventId: id,
      messageId,
      conversationId: conversation.vendorConversationId,
      senderId,
      participants: [conversation.clientId, conversation.designerId],
      text: `Pipeline message ${i}: the quick brown fox jumps over the lazy dog.`,
      createdAt,
    });
    return {
      id,
      body,
      messageId,
      senderId,
      recipientId,
      get headers() {
        return standardWebhookHeaders(webhook, id, body);
      },
    };
  });
}
