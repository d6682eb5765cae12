import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import type { CheckRunTrigger } from '../../lib/db/generated/enums';
import { partyOf } from '../../lib/incidents/blame';
import { isUniqueViolation } from '../../lib/incidents/errors';
import type { AttemptResult } from './attempt';

export interface StartRunInput {
  check: string;
  trigger: CheckRunTrigger;
  scheduledFor: Date;
  attempt: number;
  retryOfId: string | null;
  instanceId: string;
}

/** Inserts the RUNNING row; null when this (check, tick, attempt) already exists — another replica has it. */
export async function startRun(db: Db, input: StartRunInput): Promise<string | null> {
  try {
    const row = await db.checkRun.create({ data: { ...input, status: 'RUNNING' }, select: { id: true } });
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

const MAX_LOG_ENTRIES = 50;

/** Writes the attempt's result, steps and evidence in one transaction. */
export async function finishRun(
  db: Db,
  runId: string,
  result: AttemptResult,
  options: { counted: boolean; artifactsRoot: string },
): Promise<void> {
  const artifacts = await Promise.all(
    result.evidence.map(async (file) => ({
      runId,
      kind: file.kind,
      path: path.relative(options.artifactsRoot, file.path),
      contentType: file.contentType,
      bytes: await stat(file.path).then(
        (s) => s.size,
        () => 0,
      ),
    })),
  );
  const failed = result.status === 'FAILED';
  await db.$transaction([
    db.checkRun.update({
      where: { id: runId },
      data: {
        status: result.status,
        counted: options.counted,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        durationMs: result.durationMs,
        timedOut: result.timedOut,
        components: [...new Set(result.observations.map((o) => o.component))],
        failedComponent: result.failedComponent,
        failedParty: result.failedComponent ? partyOf(result.failedComponent) : null,
        failedStep: result.failedStep,
        error: result.error,
        details: Object.keys(result.details).length > 0 ? (result.details as object) : undefined,
        consoleErrors:
          failed && result.consoleErrors.length > 0
            ? (result.consoleErrors.slice(0, MAX_LOG_ENTRIES) as object[])
            : undefined,
        failedRequests:
          failed && result.failedRequests.length > 0
            ? (result.failedRequests.slice(0, MAX_LOG_ENTRIES) as object[])
            : undefined,
      },
    }),
    db.checkStep.createMany({ data: result.steps.map((s) => ({ ...s, party: partyOf(s.component), runId })) }),
    db.checkArtifact.createMany({ data: artifacts.filter((a) => a.bytes > 0) }),
  ]);
}

/** Marks runs left RUNNING by a replica that died mid-run as failed, so no run stays open forever. */
export async function failInterruptedRuns(db: Db, olderThan: Date): Promise<number> {
  const { count } = await db.checkRun.updateMany({
    where: { status: 'RUNNING', startedAt: { lt: olderThan } },
    // Our own process stopped: the monitor is at fault, never the vendor.
    data: {
      status: 'FAILED',
      finishedAt: new Date(),
      failedComponent: 'monitor',
      failedParty: 'ours',
      error: 'interrupted: the monitor stopped during the run',
    },
  });
  return count;
}
