import type { FallbackStatus } from '../db/generated/enums';

export const MAX_FALLBACK_TEXT = 10_000;

/** A fallback message as the page shows it (JSON-safe). */
export interface FallbackMessageView {
  id: string;
  senderId: string;
  senderName: string;
  text: string;
  createdAt: string;
  status: FallbackStatus;
}

export function toFallbackMessageView(row: {
  id: string;
  senderId: string;
  text: string;
  createdAt: Date;
  status: FallbackStatus;
  sender: { name: string };
}): FallbackMessageView {
  return {
    id: row.id,
    senderId: row.senderId,
    senderName: row.sender.name,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    status: row.status,
  };
}
