import { createChatJourneyCheck } from './chat-journey/check';
import type { CheckDeps } from './deps';
import { createReconciliationCheck } from './reconciliation';
import type { Check, CheckName } from './types';
import { createVendorApiCheck } from './vendor-api';

export type { CheckDeps };
export * from './types';

/** Every check, by name. A new CheckName fails to compile until it is added here. */
export const checkFactories: Record<CheckName, (deps: CheckDeps) => Check> = {
  'chat-journey': createChatJourneyCheck,
  'vendor-api': createVendorApiCheck,
  reconciliation: createReconciliationCheck,
};

/** The registered checks' names, in registration order. */
export const CHECK_NAMES = Object.keys(checkFactories) as CheckName[];

export function isCheckName(value: string): value is CheckName {
  return Object.hasOwn(checkFactories, value);
}
