import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { appContext, extendContext, type ServiceContext } from '../../lib/context';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../lib/db/unavailable';
import type { MonitorComponent } from '../../lib/incidents/components';
import type { TimeWindow } from '../../lib/chat-provider/types';
import { DEFAULT_STARVED_LOOP_SHARE } from '../../lib/config';
import { CheckTimeoutError, describeError, MonitorFault, StepFailure } from '../checks/errors';
import type { Check, CheckContext, ConsoleEntry, EvidenceFile, FailedRequest } from '../checks/types';
import type { Observation } from './outcome';
import { isSlowness, measureLoopLag, starvedMessage, type LoopLag } from './starvation';

export interface StepRecord {
  index: number;
  name: string;
  component: MonitorComponent;
  status: 'PASSED' | 'FAILED';
  startedAt: Date;
  durationMs: number;
  error: string | null;
}

export interface AttemptResult {
  status: 'PASSED' | 'FAILED';
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  timedOut: boolean;
  steps: StepRecord[];
  observations: Observation[];
  failedComponent: MonitorComponent | null;
  failedStep: string | null;
  error: string | null;
  details: Record<string, unknown>;
  evidence: EvidenceFile[];
  consoleErrors: ConsoleEntry[];
  failedRequests: FailedRequest[];
}

export interface AttemptOptions {
  runId: string;
  log: Logger;
  /** The service context the check gets; the process-wide one with `log` by default. */
  context?: ServiceContext;
  /** Creates (once) and returns the run's evidence folder. */
  evidenceDir: () => Promise<string>;
  window?: TimeWindow;
  /** How long a timed-out check gets to let go before reset() (default 5 s). */
  graceMs?: number;
  /**
   * MONITOR_STARVED_LOOP_SHARE from the monitor's validated config (default DEFAULT_STARVED_LOOP_SHARE). Passed in,
   * not read from the context at a timeout: reading the process-wide config there threw where the process has none
   * of its own (the run was then never recorded, and its check ran again beside the hung one).
   */
  starvedLoopShare?: number;
}

/** True when the throw came out of our database client (Prisma or its pg adapter), not a vendor's HTTP client whose codes look alike. */
function fromOurDatabase(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (
      e instanceof DatabaseUnavailableError ||
      (typeof name === 'string' && /Prisma|DriverAdapter/.test(name)) ||
      (typeof code === 'string' && /^P\d{4}$/.test(code))
    )
      return true;
  }
  return false;
}

/**
 * The component a throw blames: the one a StepFailure names; the monitor for a MonitorFault (no browser, bad
 * configuration); our database when it is unreachable (the vendor cannot be blamed for our own storage);
 * otherwise the step's own component.
 */
export function blameOf(error: unknown, component: MonitorComponent): MonitorComponent {
  if (error instanceof StepFailure) return error.component;
  if (error instanceof MonitorFault) return 'monitor';
  if (fromOurDatabase(error) && isDatabaseUnavailable(error)) return 'database';
  return component;
}

/**
 * Runs one attempt of a check under its timeout: times each step, turns the throw into the component to
 * blame, and collects evidence. A run past its timeout is aborted; if the check does not let go within the
 * grace period, its reset() frees what it holds, so the next run never overlaps a stuck one.
 */
export async function runAttempt(check: Check, options: AttemptOptions): Promise<AttemptResult> {
  const startedAt = new Date();
  const started = performance.now();
  const controller = new AbortController();
  const steps: StepRecord[] = [];
  const details: Record<string, unknown> = {};
  const evidence: EvidenceFile[] = [];
  const browserLog = { consoleErrors: [] as ConsoleEntry[], failedRequests: [] as FailedRequest[] };
  type Current = {
    name: string;
    component: MonitorComponent;
    startedAt: Date;
    t0: number;
    lag: ReturnType<typeof measureLoopLag>;
  };
  let current: Current | null = null;
  let finished = false;
  // Each step's own CPU starvation (docs/monitor.md § "Our own CPU starvation"), kept on the run's details.
  const loopLag: LoopLag[] = [];
  const runLag = measureLoopLag('(run)');
  const starvedShare = options.starvedLoopShare ?? DEFAULT_STARVED_LOOP_SHARE;

  const tools: Omit<CheckContext, keyof ServiceContext> = {
    runId: options.runId,
    signal: controller.signal,
    window: options.window,
    async step(name, component, fn) {
      const record: Current = {
        name,
        component,
        startedAt: new Date(),
        t0: performance.now(),
        lag: measureLoopLag(name),
      };
      current = record;
      try {
        const value = await fn();
        const lag = record.lag.stop();
        if (!finished) loopLag.push(lag);
        if (!finished)
          steps.push({
            index: steps.length,
            name,
            component,
            status: 'PASSED',
            startedAt: record.startedAt,
            durationMs: Math.round(performance.now() - record.t0),
            error: null,
          });
        return value;
      } catch (error) {
        const lag = record.lag.stop();
        // A step that ran out of time while our own process could not run: the host starved us, not the vendor.
        const starved = isSlowness(error) && lag.share >= starvedShare;
        const blamed = starved ? 'monitor' : blameOf(error, component);
        const message = starved
          ? starvedMessage(lag, starvedShare, blameOf(error, component), describeError(error))
          : describeError(error);
        if (!finished) loopLag.push(lag);
        if (!finished)
          steps.push({
            index: steps.length,
            name,
            component: blamed,
            status: 'FAILED',
            startedAt: record.startedAt,
            durationMs: Math.round(performance.now() - record.t0),
            error: message,
          });
        throw error instanceof StepFailure && !starved
          ? error
          : new StepFailure(name, blamed, message, { cause: error });
      } finally {
        if (current === record) current = null;
      }
    },
    detail: (values) => Object.assign(details, values),
    evidenceDir: options.evidenceDir,
    addEvidence: (file) => evidence.push(file),
    addBrowserLog: (log) => {
      browserLog.consoleErrors.push(...log.consoleErrors);
      browserLog.failedRequests.push(...log.failedRequests);
    },
  };
  const ctx: CheckContext = extendContext(options.context ?? appContext(options.log), tools);

  let timedOut = false;
  let failure: unknown = null;
  const running = Promise.resolve().then(() => check.run(ctx));
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new CheckTimeoutError(check.timeoutMs));
  }, check.timeoutMs);
  try {
    await Promise.race([
      running,
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }),
      ),
    ]);
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(timer);
  }

  if (timedOut) {
    const inStep = current as Current | null;
    if (inStep) {
      const lag = inStep.lag.stop();
      loopLag.push(lag);
      const timeout = `timed out after ${check.timeoutMs} ms in step ${inStep.name}`;
      const starved = lag.share >= starvedShare;
      const component = starved ? 'monitor' : inStep.component;
      const message = starved ? starvedMessage(lag, starvedShare, inStep.component, timeout) : timeout;
      steps.push({
        index: steps.length,
        name: inStep.name,
        component,
        status: 'FAILED',
        startedAt: inStep.startedAt,
        durationMs: Math.round(performance.now() - inStep.t0),
        error: starved ? message : `timed out after ${check.timeoutMs} ms`,
      });
      failure = new StepFailure(inStep.name, component, message);
    } else {
      // Outside every step nothing external was awaited: the monitor's own work (opening a page, starting a trace,
      // keeping the session) took the time, e.g. starved of CPU. Ours, never the check's first component.
      const lag = runLag.stop();
      failure = new MonitorFault(
        `timed out after ${check.timeoutMs} ms outside any step: the monitor's own work between steps took the time ` +
          `(its event loop was held up ${lag.lagMs} ms of ${lag.wallMs} ms, load ${lag.loadPerCore}/core)`,
      );
    }
    finished = true;
    const grace = options.graceMs ?? 5000;
    const settled = await Promise.race([
      running.then(
        () => true,
        () => true,
      ),
      sleep(grace).then(() => false),
    ]);
    if (!settled) {
      options.log.warn({ check: check.name, runId: options.runId }, 'timed-out check did not let go; resetting it');
      await check
        .reset?.()
        .catch((error: unknown) => options.log.error({ err: error, check: check.name }, 'check reset failed'));
      await Promise.race([running.catch(() => undefined), sleep(grace)]);
    }
  }
  finished = true;
  loopLag.push(runLag.stop());
  details.loopLag = loopLag;

  const finishedAt = new Date();
  const durationMs = Math.round(performance.now() - started);
  if (!failure) {
    const components = new Set<MonitorComponent>([...check.components, ...steps.map((s) => s.component)]);
    return {
      status: 'PASSED',
      startedAt,
      finishedAt,
      durationMs,
      timedOut: false,
      steps,
      observations: [...components].map((component) => ({ component, passed: true })),
      failedComponent: null,
      failedStep: null,
      error: null,
      details,
      evidence,
      ...browserLog,
    };
  }
  const failedComponent: MonitorComponent =
    failure instanceof StepFailure ? failure.component : blameOf(failure, check.components[0]!);
  const error = describeError(failure);
  const passed = new Set(steps.filter((s) => s.status === 'PASSED').map((s) => s.component));
  passed.delete(failedComponent);
  // The failure was first observed when its step started (a run's start can precede the fault by a minute).
  const failedStep = [...steps].reverse().find((s) => s.status === 'FAILED');
  const observations: Observation[] = [
    ...[...passed].map((component) => ({ component, passed: true })),
    { component: failedComponent, passed: false, error, at: failedStep?.startedAt ?? startedAt },
  ];
  return {
    status: 'FAILED',
    startedAt,
    finishedAt,
    durationMs,
    timedOut,
    steps,
    observations,
    failedComponent,
    failedStep: failure instanceof StepFailure ? failure.step : null,
    error,
    details,
    evidence,
    ...browserLog,
  };
}
