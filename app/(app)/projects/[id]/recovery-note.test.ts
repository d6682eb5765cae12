import { describe, expect, it } from 'vitest';
import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';
import { recoveryNote } from './recovery-note';

const opened = '2026-11-30T12:00:00.000Z';
const msg = (
  senderId: string,
  status: FallbackMessageView['status'],
  createdAt = '2026-11-30T12:01:00.000Z',
): FallbackMessageView => ({
  id: `${senderId}-${createdAt}`,
  senderId,
  senderName: senderId,
  text: 'hi',
  createdAt,
  status,
});

describe('recoveryNote', () => {
  const note = (messages: FallbackMessageView[]) =>
    recoveryNote({ messages, viewerId: 'dana', otherPartyName: 'Clara', openedAt: opened });

  it('does not tell someone who wrote nothing that their messages are being added', () => {
    expect(note([])).toBe('The chat is back.');
    expect(note([msg('clara', 'PENDING')])).toBe(
      'The chat is back. Clara’s messages from meanwhile are listed below and are being added to it.',
    );
    // Replayed before this page was opened: an old outage, not news.
    expect(note([msg('dana', 'REPLAYED', '2026-11-29T09:00:00.000Z')])).toBe('The chat is back.');
  });

  it('tells a writer where their messages are', () => {
    expect(note([msg('dana', 'PENDING')])).toBe(
      'The chat is back. The messages you wrote meanwhile are being added to it.',
    );
    expect(note([msg('dana', 'REPLAYED')])).toBe('The chat is back. The messages you wrote meanwhile are in it.');
  });
});
