import { COMPONENT_OF_CAUSE, FALLBACK_CAUSES, type FallbackCause } from '../../../lib/chat-provider/fallback-cause';
import { componentOfErrorAnswer } from '../../../lib/http/error-party';
import type { MonitorComponent } from '../../../lib/incidents/components';
import type { FailedRequest } from '../types';

// Who is at fault when a step of the chat journey fails, decided from what our own records say. Pure, so
// every case is tested on hand-made records (blame.test.ts).

/** The canary's webhook event and email as our tables have them when the email wait ends. */
export interface CanaryPipelineState {
  /** The vendor's webhook event for the canary (vendor_event), null if none stored. */
  event: { status: string } | null;
  /** The email the canary causes, null if none queued yet. */
  email: { status: string; statusReason: string | null; sendAttempts: number; sendAt: Date } | null;
  now: Date;
}

export interface Blame {
  component: MonitorComponent;
  message: string;
}

/**
 * Why the canary email was not accepted in time, and whose fault that is. SendGrid is blamed only when we
 * handed it the email (a send attempt was made, or it refused it); everything before that is our pipeline:
 * the webhook event still waiting for its job, no email queued, or an email whose send job has not run.
 */
export function blameEmailWait(state: CanaryPipelineState, waitMs: number): Blame {
  const { event, email } = state;
  if (!email) {
    if (event && event.status === 'RECEIVED')
      return {
        component: 'pipeline',
        message: `the canary's webhook arrived but its job waited in our worker queue for more than ${waitMs} ms (no email queued yet)`,
      };
    return {
      component: 'pipeline',
      message: `our pipeline did not queue the canary email within ${waitMs} ms (webhook event ${event ? event.status.toLowerCase() : 'not stored'})`,
    };
  }
  if (['FAILED', 'BOUNCED', 'DROPPED'].includes(email.status))
    return {
      component: 'email',
      message: `the canary email was ${email.status.toLowerCase()}: ${email.statusReason ?? 'no reason given'}`,
    };
  if (email.status === 'SENDING' || email.sendAttempts > 0)
    return {
      component: 'email',
      message: `the canary email was not accepted by SendGrid within ${waitMs} ms (${email.sendAttempts} attempt(s)${email.statusReason ? `: ${email.statusReason}` : ''})`,
    };
  if (email.sendAt > state.now)
    return {
      component: 'pipeline',
      message: `the canary email is scheduled after the wait ends (sendAt ${email.sendAt.toISOString()}): our delay outlasts MONITOR_EMAIL_WAIT_MS`,
    };
  return {
    component: 'pipeline',
    message: `the canary email waited in our worker queue for more than ${waitMs} ms and was never handed to SendGrid`,
  };
}

const FALLBACK_MESSAGES: Record<FallbackCause, string> = {
  'vendor-api': "the vendor's API failed, so our app could not open the chat",
  'vendor-ui': 'the vendor chat did not become ready',
  ours: 'our app failed to open the chat (not the vendor)',
};

/**
 * Who is at fault when the project page shows the fallback composer, from the cause the notice states
 * (`data-cause`, lib/chat-provider/fallback-cause.ts). A page without a known cause (an older build) keeps the
 * old reading: the vendor's UI.
 */
export function blameFallback(cause: string | null): Blame {
  const known = (FALLBACK_CAUSES as readonly string[]).includes(cause ?? '') ? (cause as FallbackCause) : 'vendor-ui';
  return { component: COMPONENT_OF_CAUSE[known], message: FALLBACK_MESSAGES[known] };
}

/** Statuses with which our own app refuses: a limiter (429), CSRF or auth (401/403). Ours by construction. */
const OUR_REFUSALS = new Set([401, 403, 429]);

/**
 * The first request our own app refused or failed during a step (the app frame's requests to our origin),
 * or null. A chat that never became ready because our embed endpoint answered 429 or 503 is our fault, not
 * the vendor's UI's. A 5xx is judged by its wire code (x-error-code, lib/http/error-party.ts), not by its
 * class: a 502 `vendor_unavailable` relays the vendor API's failure and is not ours.
 */
export function ourAppRefusal(requests: readonly FailedRequest[], appOrigin: string): string | null {
  const ours = requests.find(
    (r) =>
      r.frame === 'app' &&
      r.url.startsWith(appOrigin) &&
      r.status !== null &&
      (OUR_REFUSALS.has(r.status) || (r.status >= 500 && componentOfErrorAnswer(r.errorCode) === 'app')),
  );
  return ours ? `our app answered ${ours.status} to ${ours.method} ${ours.url.slice(appOrigin.length) || '/'}` : null;
}
