import type { TraceClock } from './trace-order';
import type { EmailMode, EmailStatus, Role, VendorEventSource, VendorEventStatus } from '../db/generated/enums';

export interface TraceParticipant {
  id: string;
  name: string;
  email: string;
  role: Role;
  side: 'client' | 'designer';
  emailMode: EmailMode;
  quietHours: string | null;
  timeZone: string;
  unsubscribedAt: Date | null;
  /** Opt-outs in force with their reason, one line each (describeOptOut). */
  optOuts: string[];
}

export interface TraceVendorEvent {
  id: string;
  vendorEventId: string;
  /** The vendor's own event name as received (TalkJS `message.sent`, Stream `message.new`, Twilio `onMessageAdded`). */
  type: string;
  /** What it means in our model (NormalizedEvent.kind: `message.sent`, `message.read`, …, or `unknown`). */
  kind: string;
  source: VendorEventSource;
  status: VendorEventStatus;
  occurredAt: Date;
  receivedAt: Date;
  lagSeconds: number;
  attempts: number;
  lastError: string | null;
  /** The vendor message (message.sent) or messages (message.read) it is about. */
  messageIds: string[];
  readerId: string | null;
}

export interface TraceEmailStep {
  type: string;
  source: 'app' | 'sendgrid';
  occurredAt: Date;
  detail: string | null;
}

export interface TraceEmail {
  id: string;
  template: string;
  toUserId: string;
  toName: string;
  status: EmailStatus;
  statusReason: string | null;
  /** describeEmailOutcome: "bounced: 550 …", "delivered". */
  outcome: string;
  createdAt: Date;
  sendAt: Date;
  sentAt: Date | null;
  sandboxMode: boolean;
  providerMessageId: string | null;
  messageIds: string[];
  steps: TraceEmailStep[];
}

export interface TraceMessage {
  id: string;
  vendorMessageId: string;
  senderId: string;
  senderName: string;
  /** The latest text: a vendor edit (message.updated) replaces it. */
  text: string;
  sentAt: Date;
  /** When the vendor told us it was edited / deleted (message.updated, message.deleted, conversation.deleted). */
  editedAt: Date | null;
  deletedAt: Date | null;
  source: VendorEventSource;
  idempotencyKey: string | null;
  /** The vendor event that brought it and when we received it. */
  receivedAt: Date | null;
  lagSeconds: number | null;
  reads: { readerId: string; readAt: Date }[];
  emails: {
    id: string;
    template: string;
    toName: string;
    status: EmailStatus;
    statusReason: string | null;
    outcome: string;
  }[];
}

export interface TimelineItem {
  at: Date;
  /** Whose clock `at` comes from. */
  clock: TraceClock;
  kind: 'vendor-event' | 'message' | 'read' | 'email';
  title: string;
  detail: string | null;
  tone: 'neutral' | 'good' | 'warn' | 'bad';
}

export interface ConversationTrace {
  vendorConversationId: string;
  conversationId: string | null;
  project: { id: string; title: string; status: string; createdAt: Date } | null;
  participants: TraceParticipant[];
  events: TraceVendorEvent[];
  messages: TraceMessage[];
  emails: TraceEmail[];
  timeline: TimelineItem[];
  /** True when older rows were left out (the page shows the most recent ones). */
  truncated: boolean;
}
