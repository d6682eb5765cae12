import type { DbTx } from '../db/tx';

/**
 * Serializes event processing per vendor conversation until the transaction ends, so two workers handling
 * messages of one conversation at once cannot both open an "unread" email for the same recipient.
 */
export async function lockConversation(tx: DbTx, vendor: string, vendorConversationId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`${vendor}:${vendorConversationId}`}, 0))) AS locked`;
}
