import type { VendorEventSource } from '../../db/generated/enums';
import type { DbTx } from '../../db/tx';
import type { NormalizedEvent } from '../../chat-provider/types';

export interface MessagingSettings {
  /** Delay before an unread-message email (synthetic users: none). */
  unreadDelaySeconds: number;
  appUrl: string;
}

export interface HandlerInput<K extends NormalizedEvent['kind']> {
  tx: DbTx;
  event: Extract<NormalizedEvent, { kind: K }>;
  vendor: string;
  source: VendorEventSource;
  now: Date;
  settings: MessagingSettings;
}

/** processed: done (the note goes to the log); unmatched: the conversation is not known yet — retried, then kept as UNMATCHED. */
export type HandlerResult = { kind: 'processed'; note?: string } | { kind: 'unmatched'; reason: string };

export type EventHandler<K extends NormalizedEvent['kind']> = (input: HandlerInput<K>) => Promise<HandlerResult>;
