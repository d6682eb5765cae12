import type { ServiceContext } from '../context';

export interface TranscriptMessage {
  id: string;
  senderId: string;
  text: string;
  createdAt: Date;
  fromFallback: boolean;
}

const MAX_MESSAGES = 200;

/**
 * For staff's read-only view: the conversation's messages from the vendor (the vendor embed only admits
 * participants). Reads the vendor's time-window listing from the project's creation and keeps the latest 200.
 */
export async function loadTranscript({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'vendor'>;
  input: { projectId: string; since: Date; until?: Date };
}): Promise<TranscriptMessage[]> {
  const kept: TranscriptMessage[] = [];
  for await (const message of ctx.vendor.listMessages({ since: input.since, until: input.until ?? new Date() })) {
    if (message.conversationId !== input.projectId) continue;
    kept.push({
      id: message.id,
      senderId: message.senderId,
      text: message.text,
      createdAt: message.createdAt,
      fromFallback: message.idempotencyKey?.startsWith('fallback:') ?? false,
    });
    if (kept.length > MAX_MESSAGES) kept.shift();
  }
  return kept.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
