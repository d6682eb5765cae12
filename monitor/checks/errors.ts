import type { MonitorComponent } from '../../lib/incidents/components';
import { AppError } from '../../lib/errors';

/** The monitor itself could not check (no browser, bad configuration): blamed on the `monitor` component, not the vendor. */
export class MonitorFault extends AppError {
  override readonly name = 'MonitorFault';
  readonly code = 'MONITOR_FAULT';
}

/**
 * A step failed; carries the component to blame. `answered`: the blame rests on an answer the party gave (our
 * app's 429, a fallback notice that states its cause), so it stands even if the step also ran out of time while
 * the monitor was starved of CPU (monitor/scheduler/starvation.ts).
 */
export class StepFailure extends AppError {
  override readonly name = 'StepFailure';
  readonly code = 'STEP_FAILURE';
  readonly answered: boolean;
  constructor(
    readonly step: string,
    readonly component: MonitorComponent,
    message: string,
    options?: { cause?: unknown; answered?: boolean },
  ) {
    super(message, options);
    this.answered = options?.answered ?? false;
  }
}

/** A check's poll for a recorded outcome (the canary's webhook, its email) ran out of time: a failure by waiting. */
export class WaitTimeoutError extends AppError {
  override readonly name = 'WaitTimeoutError';
  readonly code = 'WAIT_TIMEOUT';
}

/** The run exceeded its timeout and was aborted. */
export class CheckTimeoutError extends AppError {
  override readonly name = 'CheckTimeoutError';
  readonly code = 'CHECK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/** A short, single-paragraph error text for the database and alerts (Playwright's messages carry call logs and ANSI colours). */
export function describeError(error: unknown, max = 500): string {
  const raw = error instanceof Error ? error.message : String(error);
  const clean = raw
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split(/\n\s*(Call log|=+ logs =+):/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean || 'unknown error';
}
