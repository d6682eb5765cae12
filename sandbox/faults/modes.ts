/** Every fault the sandbox can inject. Adding one here fails to compile until FAULT_MODES describes it. */
export type FaultMode =
  | 'ui-down'
  | 'ui-broken'
  | 'ui-slow'
  | 'webhooks-drop'
  | 'webhooks-delay'
  | 'webhooks-duplicate'
  | 'webhooks-reorder'
  | 'api-down'
  | 'api-slow'
  | 'api-429'
  | 'mail-429'
  | 'mail-5xx'
  | 'mail-no-answer';

interface ModeInfo {
  description: string;
  /** delayMs used when the fault is started without one; null when the mode has no delay. */
  defaultDelayMs: number | null;
}

export const FAULT_MODES: Record<FaultMode, ModeInfo> = {
  'ui-down': { description: 'The embed (page, assets, embed API) answers 503.', defaultDelayMs: null },
  'ui-broken': {
    description: 'The embed page loads but its script throws before the composer renders; no chat:ready.',
    defaultDelayMs: null,
  },
  'ui-slow': { description: 'Every embed request is delayed by delayMs.', defaultDelayMs: 10_000 },
  'webhooks-drop': { description: 'Matching events are never delivered (recorded as dropped).', defaultDelayMs: null },
  'webhooks-delay': {
    description: 'The first delivery attempt of matching events is postponed by delayMs.',
    defaultDelayMs: 10_000,
  },
  'webhooks-duplicate': { description: 'Matching events are delivered twice (same webhook-id).', defaultDelayMs: null },
  'webhooks-reorder': {
    description: 'Matching events are held for delayMs (or until the fault ends), then delivered in reverse order.',
    defaultDelayMs: 2_000,
  },
  'api-down': { description: 'The REST API answers 503.', defaultDelayMs: null },
  'api-slow': { description: 'Every REST request is delayed by delayMs.', defaultDelayMs: 5_000 },
  'api-429': {
    description: 'The REST API answers 429 too_many_requests with Retry-After: delayMs (in whole seconds).',
    defaultDelayMs: 30_000,
  },
  'mail-429': { description: 'The SendGrid mail endpoint answers 429.', defaultDelayMs: null },
  'mail-5xx': { description: 'The SendGrid mail endpoint answers 500.', defaultDelayMs: null },
  'mail-no-answer': {
    description:
      'The SendGrid mail endpoint accepts the mail (stored, events follow) and answers only after delayMs: a client with a shorter timeout gets no answer.',
    defaultDelayMs: 60_000,
  },
};

export const FAULT_MODE_NAMES = Object.keys(FAULT_MODES) as [FaultMode, ...FaultMode[]];
