import { fallbackMessage } from './fallback-message';
import type { EmailTemplateDefinition } from './definition';
import { incidentAlert } from './incident-alert';
import { incidentNotification } from './incident-notification';
import { newInquiry } from './new-inquiry';
import { passwordReset } from './password-reset';
import { unreadMessages } from './unread-messages';

export type TemplateName =
  | 'unread-messages'
  | 'new-inquiry'
  | 'fallback-message'
  | 'password-reset'
  | 'incident-alert'
  | 'incident-notification';

/**
 * Every email we send, each one object (schema, subject, body, policy, composer). A new TemplateName fails to compile
 * until its template is registered here.
 */
export const templates = {
  'unread-messages': unreadMessages,
  'new-inquiry': newInquiry,
  'fallback-message': fallbackMessage,
  'password-reset': passwordReset,
  'incident-alert': incidentAlert,
  'incident-notification': incidentNotification,
} satisfies Record<TemplateName, EmailTemplateDefinition>;

export type { EmailTemplateDefinition };
