import { beforeAll, describe, expect, it } from 'vitest';
import { makeConversation, messagingDatabase } from '../../test/support/messaging';
import { sentEvent as sent, storeEvents } from '../../test/support/normalized-events';
import { EARLIER_WAITING_SQL } from './process-event-batch';

// A worker batch looks up its conversations' earlier waiting messages (EARLIER_WAITING_SQL). That lookup must read
// only the waiting events older than the batch, never a conversation's whole backlog or history: when it read the
// whole conversation, a batch's cost grew with the backlog and a vendor's redelivered backlog drained ever slower.
// Rows read are counted by PostgreSQL's EXPLAIN ANALYZE (exact counts, not timings).

const CONVERSATIONS = 20;
const WAITING = 250; // per conversation
const OLDER = 5; // per conversation, older than the batch's newest

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let lookup: { vendors: string[]; conversations: string[]; ats: Date[] };

beforeAll(async () => {
  env = await messagingDatabase();
  const t0 = Date.now() - 3_600_000;
  const conversations = [];
  for (let i = 0; i < CONVERSATIONS; i++) conversations.push(await makeConversation(env.db));
  for (let n = 0; n < WAITING; n++)
    await storeEvents(
      env.pool,
      conversations.map((c, i) => sent(c.vendorConversationId, c.client.id, 'm', new Date(t0 + n * 1000 + i))),
      new Date(t0 + n * 1000),
    );
  await env.pool.query('ANALYZE vendor_event');
  lookup = {
    vendors: conversations.map(() => 'sandbox'),
    conversations: conversations.map((c) => c.vendorConversationId),
    ats: conversations.map((_, i) => new Date(t0 + OLDER * 1000 + i)),
  };
}, 120_000);

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows the plan read from vendor_event: returned by its scans plus removed by their filters, over all loops. */
function vendorEventRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'vendor_event'
      ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + vendorEventRowsRead(child), 0);
}

describe('the lookup of a batch’s earlier waiting messages', () => {
  it('finds exactly the waiting messages older than the batch', async () => {
    const { rows } = await env.pool.query(EARLIER_WAITING_SQL, [lookup.vendors, lookup.conversations, lookup.ats]);
    expect(rows).toHaveLength(CONVERSATIONS * OLDER);
  });

  it('reads only those, not the rest of the backlog', async () => {
    const { rows } = await env.pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${EARLIER_WAITING_SQL}`,
      [lookup.vendors, lookup.conversations, lookup.ats],
    );
    const read = vendorEventRowsRead(rows[0]!['QUERY PLAN'][0]!.Plan);
    // The old join read every waiting event of each conversation: 20 × 250 = 5,000 here.
    expect(read).toBeLessThanOrEqual(CONVERSATIONS * OLDER * 2);
  });
});
