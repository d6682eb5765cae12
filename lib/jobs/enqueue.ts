import type { z } from 'zod';
import type { JobDeclaration, JobName } from './define-job';

/** Anything that can run one SQL statement: a pg Pool/Client inside a transaction, or a wrapper around Prisma's $executeRaw. */
export interface SqlExecutor {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** What enqueue needs of a job: its name, payload schema and attempts (a JobDeclaration is one). */
export type JobSpec<Schema extends z.ZodType = z.ZodType> = Pick<
  JobDeclaration<JobName, Schema>,
  'name' | 'payload' | 'maxAttempts'
>;

export interface EnqueueOptions {
  runAt?: Date;
  /** Jobs with the same key replace each other while pending (graphile-worker job_key). */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  priority?: number;
}

/**
 * Adds a job with graphile_worker.add_job in the caller's connection, so a job and the rows it is about
 * commit (or roll back) together. The payload is validated first: a bad payload never reaches the queue.
 */
export async function enqueue<Schema extends z.ZodType>(
  executor: SqlExecutor,
  job: JobSpec<Schema>,
  payload: z.input<Schema>,
  options: EnqueueOptions = {},
): Promise<void> {
  const parsed = job.payload.parse(payload);
  await executor.query(
    'SELECT graphile_worker.add_job($1, $2::json, run_at => $3, job_key => $4, max_attempts => $5, priority => $6, job_key_mode => $7)',
    [
      job.name,
      JSON.stringify(parsed),
      options.runAt ?? null,
      options.jobKey ?? null,
      job.maxAttempts,
      options.priority ?? 0,
      options.jobKeyMode ?? 'replace',
    ],
  );
}
