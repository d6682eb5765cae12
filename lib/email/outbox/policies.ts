import type { TemplateName } from '../templates';
import type { UnsubscribePurpose } from '../unsubscribe';

export interface TemplatePolicy {
  /** What the recipient can unsubscribe from; null for transactional mail, which ignores preferences. */
  purpose: UnsubscribePurpose | null;
  /** True when the props are built when sending (the unread list), not given at queue time. */
  composedAtSend: boolean;
  /** Digest-mode users get this template at their digest hour instead of after the usual delay. */
  digestible: boolean;
}

/** How each template is treated by the send path. A new TemplateName fails to compile until it is listed here. */
export const templatePolicies: Record<TemplateName, TemplatePolicy> = {
  'unread-messages': { purpose: 'unread-messages', composedAtSend: true, digestible: true },
  'new-inquiry': { purpose: 'new-inquiry', composedAtSend: false, digestible: false },
  // The only copy of a message written while the chat was down: delivered whatever the preferences say.
  'fallback-message': { purpose: null, composedAtSend: false, digestible: false },
  'password-reset': { purpose: null, composedAtSend: false, digestible: false },
  'incident-alert': { purpose: null, composedAtSend: false, digestible: false },
  // Opt-in (an incident subscription); its own unsubscribe link deletes the subscription.
  'incident-notification': { purpose: null, composedAtSend: false, digestible: false },
};
