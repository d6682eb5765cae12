import type { MonitorComponent } from '../incidents/components';
import { componentOfErrorAnswer } from '../http/error-party';
import { VendorApiError } from './errors';

/**
 * Why the project page shows the fallback composer instead of the vendor's chat, as the page states it in the
 * notice's `data-cause` attribute for machines (the monitor's journey) to read:
 * - `vendor-api`: we could not set the chat up because the vendor's REST API failed or did not answer in time;
 * - `vendor-ui`: we handed the browser an embed URL, and the vendor's UI did not start (error, error page, timeout);
 * - `ours`: our own part failed before the vendor was involved (our database, a bug, our refusal).
 */
export type FallbackCause = 'vendor-api' | 'vendor-ui' | 'ours';

export const FALLBACK_CAUSES = ['vendor-api', 'vendor-ui', 'ours'] as const satisfies readonly FallbackCause[];

/** The component at fault for each cause: the vendor's API or UI, or our app. */
export const COMPONENT_OF_CAUSE: Record<FallbackCause, MonitorComponent> = {
  'vendor-api': 'vendor_api',
  'vendor-ui': 'chat_ui',
  ours: 'app',
};

/** Why opening the chat on the server failed: the vendor's API (VendorApiError, deadline included), or ours. */
export function fallbackCauseOfError(error: unknown): FallbackCause {
  return error instanceof VendorApiError ? 'vendor-api' : 'ours';
}

/** Why our embed endpoint refused the page's background attempt, from the answer's wire code (lib/http/error-party). */
export function fallbackCauseOfAnswer(code: string | null | undefined): FallbackCause {
  return componentOfErrorAnswer(code) === 'vendor_api' ? 'vendor-api' : 'ours';
}
