import type { MonitorComponent } from '../incidents/components';

/**
 * The response header every JSON error of ours carries: its wire code (`error.code` of the body), so an observer
 * that sees only statuses and headers — the monitor's browser journey — can tell who is at fault without reading
 * bodies. A 5xx of ours is not always our fault: `vendor_unavailable` (502) relays the chat vendor's failure.
 */
export const ERROR_CODE_HEADER = 'x-error-code';

/** Wire codes with which we relay an external party's failure, and the component of that party at fault. */
const RELAYED: Readonly<Record<string, MonitorComponent>> = { vendor_unavailable: 'vendor_api' };

/**
 * Who is at fault for an error answer of our own app, by its wire code, never by its status class: the external
 * component whose failure the code relays (`vendor_unavailable` → `vendor_api`), else `app` — our own refusals
 * (limiter 429, CSRF, auth) and our own failures (500, 503 `unavailable`, or no code at all: a framework error page).
 */
export function componentOfErrorAnswer(code: string | null | undefined): MonitorComponent {
  return (code && Object.hasOwn(RELAYED, code) && RELAYED[code]) || 'app';
}
