import type { TemplateName } from '../templates';
import { composeUnreadMessages } from './compose-unread';
import type { Composer } from './composer';

/** Templates whose props are built at send time (templatePolicies[t].composedAtSend). */
export const composers: Partial<Record<TemplateName, Composer>> = {
  'unread-messages': composeUnreadMessages,
};
