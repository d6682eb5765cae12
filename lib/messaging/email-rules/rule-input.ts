import type { MessagingSettings } from '../handlers/types';

/** A message just recorded, as the email rules see it. */
export interface NewMessage {
  id: string;
  vendorMessageId: string;
  senderId: string;
  text: string;
  sentAt: Date;
  idempotencyKey: string | null;
}

export interface RuleInput {
  vendor: string;
  conversationId: string;
  project: { id: string; title: string; clientId: string; designerId: string };
  message: NewMessage;
  now: Date;
  settings: MessagingSettings;
}
