import type { ServiceContext } from '../../lib/context';
import type { MonitorComponent } from '../../lib/incidents/components';
import type { TimeWindow } from '../../lib/chat-provider/types';

/** Every check the monitor knows. A new name fails to compile until ./index.ts registers it. */
export type CheckName = 'chat-journey' | 'vendor-api' | 'reconciliation' | 'pipeline' | 'app-sign-in';

/** Browser evidence of a failed run, kept on the run. */
export interface ConsoleEntry {
  frame: 'app' | 'embed';
  type: string;
  text: string;
  url: string | null;
}

export interface FailedRequest {
  frame: 'app' | 'embed';
  method: string;
  url: string;
  status: number | null;
  failure: string | null;
  /** Our app's wire error code (the x-error-code header, lib/http/error-party.ts), when it answered one. */
  errorCode?: string | null;
}

export interface EvidenceFile {
  kind: 'SCREENSHOT' | 'TRACE';
  /** Absolute path of a file the check wrote under ctx.evidenceDir(). */
  path: string;
  contentType: string;
}

/** What a check may use while it runs: the service context (`log` carries the run's id) and the run's tools. */
export interface CheckContext extends ServiceContext {
  readonly runId: string;
  /** Aborted when the run exceeds its timeout: stop waiting and release what you hold. */
  readonly signal: AbortSignal;
  /** Runs and times one step; a throw inside fails the run and blames the step's component. */
  step<T>(name: string, component: MonitorComponent, fn: () => Promise<T>): Promise<T>;
  /** Figures kept on the run (merged into CheckRun.details). */
  detail(values: Record<string, unknown>): void;
  /** A folder for this run's evidence files (created on first call). */
  evidenceDir(): Promise<string>;
  addEvidence(file: EvidenceFile): void;
  addBrowserLog(log: { consoleErrors: ConsoleEntry[]; failedRequests: FailedRequest[] }): void;
  /** Manual reconciliation runs may name their window; scheduled ones use the configured one. */
  readonly window?: TimeWindow;
}

/**
 * One kind of check. `run` resolves when everything it checks is fine and throws otherwise; the runner
 * owns retries, confirmation runs, timeouts, recording, metrics and incidents.
 */
export interface Check {
  readonly name: CheckName;
  readonly description: string;
  /** The components it observes, in the order it reaches them. */
  readonly components: readonly MonitorComponent[];
  /**
   * An audit of the past (reconciliation looks at a window minutes old): its failures may open an incident,
   * but only the incident it opened waits for its passes to resolve, and it gets no confirmation runs.
   */
  readonly lagging: boolean;
  /** Whole-run timeout: the run is aborted and recorded as failed after it. */
  readonly timeoutMs: number;
  run(ctx: CheckContext): Promise<void>;
  /** Frees what a run that ignored its abort still holds (the journey kills its browser). */
  reset?(): Promise<void>;
  /** Releases long-lived resources when the monitor stops. */
  close?(): Promise<void>;
}
