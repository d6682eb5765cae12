import type { JobHelpers } from 'graphile-worker';
import type { Logger } from 'pino';
import type { z } from 'zod';

/**
 * Every background job's name. A job defined under another name fails to compile until it is listed here,
 * and worker/jobs.ts (`Record<JobName, …>`) fails to compile until the job is registered there.
 */
export type JobName = 'send-email' | 'process-vendor-events' | 'retry-unmatched-events' | 'replay-fallback-messages' | 'roll-up-reports' | 'notify-incident-subscribers';

export interface JobContext {
  /** Logger carrying this job's id and name. */
  log: Logger;
  jobId: string;
  attempt: number;
  maxAttempts: number;
  helpers: JobHelpers;
}

/**
 * One background job: its name, the zod schema of its payload, and what it does. Throwing retries it with
 * backoff. Defined beside its handler in its capability's folder (`lib/<capability>/jobs/<job>.ts`).
 */
export interface JobDefinition<Name extends JobName = JobName, Schema extends z.ZodType = z.ZodType> {
  name: Name;
  payload: Schema;
  /** Attempts before the job is left failed in graphile_worker (visible, never silently dropped). */
  maxAttempts: number;
  /** A crontab pattern (five fields, UTC) for a recurring job; graphile-worker enqueues it once per tick across all workers. */
  schedule?: string;
  run(payload: z.infer<Schema>, context: JobContext): Promise<void>;
}

export function defineJob<Name extends JobName, Schema extends z.ZodType>(definition: JobDefinition<Name, Schema>): JobDefinition<Name, Schema> {
  return definition;
}
