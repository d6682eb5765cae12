// The sandbox's own state, in schema `sandbox`. Idempotent: run at every start.
export const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS sandbox;

CREATE TABLE IF NOT EXISTS sandbox.users (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text,
  role text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sandbox.conversations (
  id text PRIMARY KEY,
  participants text[] NOT NULL,
  subject text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sandbox.messages (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES sandbox.conversations(id),
  sender_id text NOT NULL REFERENCES sandbox.users(id),
  text text NOT NULL,
  created_at timestamptz NOT NULL,
  idempotency_key text,
  UNIQUE (conversation_id, idempotency_key)
);
-- custom: string-to-string metadata a sender may attach (TalkJS's message custom field); added after first release.
ALTER TABLE sandbox.messages ADD COLUMN IF NOT EXISTS custom jsonb NOT NULL DEFAULT '{}';
-- seq: a numeric message id for dialects whose ids are integers (Sendbird's message_id); added after first release.
ALTER TABLE sandbox.messages ADD COLUMN IF NOT EXISTS seq bigserial;
CREATE INDEX IF NOT EXISTS messages_conversation_idx ON sandbox.messages (conversation_id, created_at, id);
CREATE INDEX IF NOT EXISTS messages_created_idx ON sandbox.messages (created_at, id);

CREATE TABLE IF NOT EXISTS sandbox.message_reads (
  message_id text NOT NULL REFERENCES sandbox.messages(id),
  reader_id text NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (message_id, reader_id)
);

-- Twilio's conversation-scoped webhooks (dialects/twilio): where that conversation's events are posted.
CREATE TABLE IF NOT EXISTS sandbox.scoped_webhooks (
  sid text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES sandbox.conversations(id),
  url text NOT NULL,
  method text NOT NULL,
  filters text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sandbox.outbox (
  id text PRIMARY KEY,
  seq bigserial UNIQUE,
  target text NOT NULL,
  type text NOT NULL,
  body text NOT NULL,
  message_id text,
  conversation_id text,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  sort_key bigint NOT NULL,
  dropped boolean NOT NULL DEFAULT false,
  duplicated boolean NOT NULL DEFAULT false,
  delayed_ms integer,
  held_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- url: the delivery URL when not the target's own (a Twilio conversation-scoped webhook); added after first release.
ALTER TABLE sandbox.outbox ADD COLUMN IF NOT EXISTS url text;
CREATE INDEX IF NOT EXISTS outbox_due_idx ON sandbox.outbox (next_attempt_at, sort_key) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_held_idx ON sandbox.outbox (held_by) WHERE status = 'held';

CREATE TABLE IF NOT EXISTS sandbox.delivery_attempts (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL REFERENCES sandbox.outbox(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  error text,
  ok boolean NOT NULL,
  duplicate boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS delivery_attempts_event_idx ON sandbox.delivery_attempts (event_id);

CREATE TABLE IF NOT EXISTS sandbox.faults (
  id text PRIMARY KEY,
  mode text NOT NULL,
  probability double precision NOT NULL,
  delay_ms integer,
  started_at timestamptz NOT NULL,
  ends_at timestamptz,
  ended_at timestamptz
);

CREATE TABLE IF NOT EXISTS sandbox.emails (
  id text PRIMARY KEY,
  seq bigserial UNIQUE,
  message_id text NOT NULL,
  "to" text[] NOT NULL,
  cc text[] NOT NULL,
  bcc text[] NOT NULL,
  "from" jsonb NOT NULL,
  reply_to jsonb,
  subject text,
  html text,
  text text,
  headers jsonb NOT NULL,
  custom_args jsonb NOT NULL,
  categories text[] NOT NULL,
  template_id text,
  dynamic_template_data jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sandbox.alerts (
  id text PRIMARY KEY,
  seq bigserial UNIQUE,
  sink text NOT NULL,
  target text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;
