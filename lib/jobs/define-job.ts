import type { JobHelpers } from 'graphile-worker';
import type { z } from 'zod';
import type { ServiceContext } from '../context';

/**
 * Every background job's name. A job declared under another name fails to compile until it is listed here,
 * and worker/jobs.ts (`{ [Name in JobName]: … }`) fails to compile until the job is registered there.
 */
export type JobName =
  | 'send-email'
  | 'process-vendor-events'
  | 'retry-unmatched-events'
  | 'replay-fallback-messages'
  | 'roll-up-reports'
  | 'notify-incident-subscribers';

/** The service context of one job run (`log` carries the job's id and name), with the job's own details. */
export interface JobContext extends ServiceContext {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  helpers: JobHelpers;
}

/** What enqueuing a job needs: its name, the zod schema of its payload, its attempts (and schedule, if recurring). */
export interface JobDeclaration<Name extends JobName = JobName, Schema extends z.ZodType = z.ZodType> {
  name: Name;
  payload: Schema;
  /** Attempts before the job is left failed in graphile_worker (visible, never silently dropped). */
  maxAttempts: number;
  /** A crontab pattern (five fields, UTC) for a recurring job; graphile-worker enqueues it once per tick across all workers. */
  schedule?: string;
}

/** A declared job with what it does. Throwing retries it with backoff. */
export interface JobDefinition<
  Name extends JobName = JobName,
  Schema extends z.ZodType = z.ZodType,
> extends JobDeclaration<Name, Schema> {
  run(payload: z.infer<Schema>, context: JobContext): Promise<void>;
}

/**
 * Declares a job in its capability (`lib/<capability>/jobs/<job>.ts`). Services enqueue the declaration;
 * the handler, beside it, imports the declaration and never the other way round, so a handler that enqueues
 * its own job again (a retry, a deferral) closes no import circle.
 */
export function declareJob<Name extends JobName, Schema extends z.ZodType>(
  declaration: JobDeclaration<Name, Schema>,
): JobDeclaration<Name, Schema> {
  return declaration;
}

/** A job's definition: its declaration and its handler. */
export function defineJob<Name extends JobName, Schema extends z.ZodType>(
  declaration: JobDeclaration<Name, Schema>,
  run: (payload: z.infer<Schema>, context: JobContext) => Promise<void>,
): JobDefinition<Name, Schema> {
  return { ...declaration, run };
}
