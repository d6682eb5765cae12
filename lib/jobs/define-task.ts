import type { JobHelpers } from 'graphile-worker';
import type { Logger } from 'pino';
import type { z } from 'zod';

export interface TaskContext {
  /** Logger carrying this job's id and task name. */
  log: Logger;
  jobId: string;
  attempt: number;
  maxAttempts: number;
  helpers: JobHelpers;
}

/** One background job: its name, the zod schema of its payload, and what it does. Throwing retries it with backoff. */
export interface TaskDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  /** Attempts before the job is left failed in graphile_worker (visible, never silently dropped). */
  maxAttempts: number;
  /** A crontab pattern (five fields, UTC) for a recurring job; graphile-worker enqueues it once per tick across all workers. */
  schedule?: string;
  run(payload: z.infer<Schema>, context: TaskContext): Promise<void>;
}

export function defineTask<Schema extends z.ZodType>(definition: TaskDefinition<Schema>): TaskDefinition<Schema> {
  return definition;
}
