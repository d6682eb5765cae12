import type { Db } from '../../lib/db/client';
import { runJobsUntil, sendJobsOf } from './worker';

/**
 * The real worker run one stage at a time on a messaging test database: event processing, then sending. Each
 * stage runs until its recorded outcome is there (event rows settled; emails out of QUEUED/SENDING and no send
 * job left), so what a stage sees never depends on how fast this machine is. `env`: config for the jobs
 * (SENDGRID_API_URL, UNMATCHED_RETRY_DELAYS_SECONDS, …), the same for every stage of a test file.
 */
export function workerStages({ url, db, env }: { url: string; db: Db; env: Record<string, string> }) {
  /** Processes vendor events until `until` answers something truthy; answers that. */
  const process = <T>(what: string, until: () => Promise<T | undefined | null | false>) =>
    runJobsUntil({ url, env, tasks: ['process-vendor-events'] }, what, until);
  return {
    process,
    /** Processes vendor events until `count` events of the vendor conversation have `status`. */
    processUntil(vendorConversationId: string, count: number, status: 'PROCESSED' | 'UNMATCHED' = 'PROCESSED') {
      return process(
        `${count} ${status} events of ${vendorConversationId}`,
        async () => (await db.vendorEvent.count({ where: { vendorConversationId, status } })) === count,
      );
    },
    /** Runs every queued send until the conversation's `count` emails have settled and none of them has a send job left. */
    sendUntil(conversationId: string, count: number) {
      return runJobsUntil(
        { url, env, tasks: ['send-email'] },
        `${count} emails of ${conversationId} settled`,
        async () => {
          const emails = await db.email.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } });
          const settled = emails.length === count && emails.every((e) => !['QUEUED', 'SENDING'].includes(e.status));
          return (
            settled &&
            (
              await sendJobsOf(
                db,
                emails.map((e) => e.id),
              )
            ).length === 0 &&
            emails
          );
        },
      );
    },
  };
}
