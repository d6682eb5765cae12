/** Where services read the time: the system clock in the app, a clock the test sets in tests. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
