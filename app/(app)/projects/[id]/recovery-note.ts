import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';

/**
 * The line shown when the chat comes back, worded for who reads it. Only fallback messages of this outage count:
 * those not yet in the chat, or written since the page opened (ISO `openedAt`). Someone who wrote meanwhile is told
 * their messages are being added (or are in); someone who only received is told where the other party's are;
 * someone to whom nothing happened is just told the chat is back.
 */
export function recoveryNote({
  messages,
  viewerId,
  otherPartyName,
  openedAt,
}: {
  messages: FallbackMessageView[];
  viewerId: string;
  otherPartyName: string;
  openedAt: string;
}): string {
  const outage = messages.filter((m) => m.status !== 'REPLAYED' || m.createdAt >= openedAt);
  const mine = outage.filter((m) => m.senderId === viewerId);
  if (mine.length > 0) {
    return mine.some((m) => m.status !== 'REPLAYED')
      ? 'The chat is back. The messages you wrote meanwhile are being added to it.'
      : 'The chat is back. The messages you wrote meanwhile are in it.';
  }
  if (outage.length > 0)
    return `The chat is back. ${otherPartyName}’s messages from meanwhile are listed below and are being added to it.`;
  return 'The chat is back.';
}
