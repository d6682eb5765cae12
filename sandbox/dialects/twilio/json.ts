import type { StoredMessage } from '../../chat/message-json';
import { sid } from './sids';

// Twilio Conversations resources as its REST API shows them (twilio.com/docs/conversations/api/…-resource and the
// `twilio` library's typings, rest/conversations/v1/*.d.ts): snake_case JSON, SIDs, dates as ISO 8601 to the second
// ("2015-12-16T22:18:37Z"), `attributes` a JSON string ("{}" when unset). Fields the sandbox has no notion of carry
// Twilio's empty values.

/** Where the sandbox keeps a Twilio message's Attributes string: the message's string metadata (`custom`). */
export const ATTRIBUTES_FIELD = 'twilio_attributes';

/** ISO 8601 to the second, as Twilio's REST API writes dates. */
export const twilioDate = (d: Date | string): string => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface TwilioEnv {
  accountSid: string;
  /** The sandbox's public URL: resource `url`s and `next_page_url`s point back at it. */
  baseUrl: string;
}

export const serviceSid = (env: TwilioEnv) => sid('IS', env.accountSid);

export function toTwilioConversation(
  env: TwilioEnv,
  c: { id: string; subject: string | null; createdAt: Date; updatedAt: Date },
) {
  const chSid = sid('CH', c.id);
  return {
    sid: chSid,
    account_sid: env.accountSid,
    chat_service_sid: serviceSid(env),
    messaging_service_sid: sid('MG', env.accountSid),
    friendly_name: c.subject,
    unique_name: c.id,
    attributes: '{}',
    state: 'active',
    date_created: twilioDate(c.createdAt),
    date_updated: twilioDate(c.updatedAt),
    timers: {},
    bindings: null,
    url: `${env.baseUrl}/v1/Conversations/${chSid}`,
    links: {},
  };
}

export function toTwilioMessage(env: TwilioEnv, m: StoredMessage & { index: number }) {
  const chSid = sid('CH', m.conversationId);
  const imSid = sid('IM', m.id);
  return {
    sid: imSid,
    account_sid: env.accountSid,
    chat_service_sid: serviceSid(env),
    conversation_sid: chSid,
    index: m.index,
    author: m.senderId,
    body: m.text,
    media: null,
    attributes: m.custom[ATTRIBUTES_FIELD] ?? '{}',
    participant_sid: sid('MB', `${m.conversationId}:${m.senderId}`),
    date_created: twilioDate(m.createdAt),
    date_updated: twilioDate(m.createdAt),
    delivery: null,
    content_sid: null,
    url: `${env.baseUrl}/v1/Conversations/${chSid}/Messages/${imSid}`,
    links: {},
  };
}

export function toTwilioUser(env: TwilioEnv, u: { id: string; name: string; createdAt: string; updatedAt: string }) {
  const usSid = sid('US', u.id);
  return {
    sid: usSid,
    account_sid: env.accountSid,
    chat_service_sid: serviceSid(env),
    role_sid: null,
    identity: u.id,
    friendly_name: u.name,
    attributes: '{}',
    is_online: null,
    is_notifiable: null,
    date_created: twilioDate(u.createdAt),
    date_updated: twilioDate(u.updatedAt),
    url: `${env.baseUrl}/v1/Users/${usSid}`,
    links: {},
  };
}

export function toTwilioParticipant(env: TwilioEnv, conversationId: string, identity: string, at: Date) {
  const chSid = sid('CH', conversationId);
  const mbSid = sid('MB', `${conversationId}:${identity}`);
  return {
    sid: mbSid,
    account_sid: env.accountSid,
    chat_service_sid: serviceSid(env),
    conversation_sid: chSid,
    identity,
    attributes: '{}',
    messaging_binding: null,
    role_sid: null,
    date_created: twilioDate(at),
    date_updated: twilioDate(at),
    last_read_message_index: null,
    last_read_timestamp: null,
    url: `${env.baseUrl}/v1/Conversations/${chSid}/Participants/${mbSid}`,
  };
}

export interface ScopedWebhookRow {
  sid: string;
  conversation_id: string;
  url: string;
  method: string;
  filters: string[];
  created_at: Date;
}

export function toTwilioWebhook(env: TwilioEnv, w: ScopedWebhookRow) {
  const chSid = sid('CH', w.conversation_id);
  return {
    sid: w.sid,
    account_sid: env.accountSid,
    conversation_sid: chSid,
    target: 'webhook',
    configuration: { url: w.url, method: w.method, filters: w.filters },
    date_created: twilioDate(w.created_at),
    date_updated: twilioDate(w.created_at),
    url: `${env.baseUrl}/v1/Conversations/${chSid}/Webhooks/${w.sid}`,
  };
}
