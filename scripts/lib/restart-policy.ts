/**
 * How the supervisor restarts a process that exited: a restart BUDGET per sliding time window and an
 * exponential back-off, never a lifetime limit. A process restarted `budget` times within `windowMs` is
 * crash-looping (usually a dependency is down): it keeps being restarted at `maxDelayMs` intervals, the
 * others keep running, and it recovers on its own once the dependency is back and the window has slid past.
 */
export interface RestartPolicy {
  windowMs: number;
  budget: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  windowMs: 60_000,
  budget: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

export interface RestartDecision {
  delayMs: number;
  /** Restarts in the window, this one included. */
  inWindow: number;
  /** More restarts in the window than the budget allows: back off at the maximum. */
  overBudget: boolean;
}

/**
 * The next restart's delay, given the times (ms) of the earlier restarts; prunes `history` to the window and
 * records this restart in it. Delays: base, 2×base, 4×base … capped at maxDelayMs; maxDelayMs once over budget.
 */
export function nextRestart(
  history: number[],
  now: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  while (history.length > 0 && history[0]! <= now - policy.windowMs) history.shift();
  history.push(now);
  const inWindow = history.length;
  const overBudget = inWindow > policy.budget;
  const delayMs = overBudget
    ? policy.maxDelayMs
    : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (inWindow - 1));
  return { delayMs, inWindow, overBudget };
}
