import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_SANDBOX_URL } from '../../scripts/lib/e2e-profile';
import { demo, expectChatReady, mailboxFor, newClient, openProject, signIn } from './support/marketplace';
import { clearFaults, closeDb, db, monitorCli, startFault } from './support/monitor';
import { e2eVendorClient } from './support/vendors';

// Missing-webhook reconciliation against the real sandbox: with webhooks-drop at 30 %, it must find exactly the
// events the sandbox dropped (its delivery log is the ground truth), backfill them through the worker's path,
// and their emails must go out once. Run through `npm run monitor -- --once reconciliation`. Bounded: ≤ 2 min.

interface Delivery {
  messageId: string | null;
  status: string;
  dropped: boolean;
  createdAt: string;
}

interface OnceResult {
  status: 'PASSED' | 'FAILED';
  details: { vendorMessages: number; missing: number; missingMessageIds?: string[]; backfilled?: number };
}

test.afterAll(async () => {
  await clearFaults();
  await closeDb();
});

async function reconcile(since: Date, until: Date): Promise<OnceResult> {
  const { code, stdout, stderr } = await monitorCli([
    '--once',
    'reconciliation',
    '--since',
    since.toISOString(),
    '--until',
    until.toISOString(),
    '--json',
  ]);
  expect([0, 1], stderr).toContain(code);
  return JSON.parse(stdout) as OnceResult;
}

test('with webhooks-drop at 30 %, reconciliation finds exactly the dropped events, backfills them, and their emails go out once', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  // The vendor knows the conversation once a member has opened it.
  const clara = await newClient(browser);
  let projectId: string;
  try {
    await signIn(clara.page, demo('clara'));
    projectId = await openProject(clara.page, 'Logo refresh for Clara’s bakery');
    await expectChatReady(clara.page);
  } finally {
    await clara.context.close();
  }

  const vendor = e2eVendorClient();
  const batch = randomUUID().slice(0, 8);
  const since = new Date();
  await startFault({ mode: 'webhooks-drop', probability: 0.3 });
  const sent: { id: string; text: string }[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const text = `Reconciliation ${batch} message ${String(i).padStart(2, '0')}.`;
      const id = await vendor.send({
        conversationId: projectId,
        senderId: 'demo-clara',
        text,
        key: `recon-${batch}-${i}`,
      });
      sent.push({ id, text });
    }
  } finally {
    await clearFaults();
  }
  const until = new Date(Date.now() + 1);

  // Ground truth: the sandbox's delivery log of every new-message webhook in the window (the canary's included), by
  // the vendor's own name for it.
  let deliveries: Delivery[] = [];
  await expect
    .poll(
      async () => {
        const response = await fetch(
          `${E2E_SANDBOX_URL}/admin/api/deliveries?target=vendor&eventType=${encodeURIComponent(vendor.newMessageEvent)}&since=${encodeURIComponent(since.toISOString())}`,
          { signal: AbortSignal.timeout(10_000) },
        );
        deliveries = ((await response.json()) as { data: Delivery[] }).data.filter(
          (d) => new Date(d.createdAt) < until,
        );
        return deliveries.filter((d) => d.status !== 'delivered' && d.status !== 'dropped').length;
      },
      { timeout: 15_000, message: 'every delivery in the window settled' },
    )
    .toBe(0);
  const dropped = deliveries
    .filter((d) => d.dropped)
    .map((d) => d.messageId!)
    .sort();
  const ours = new Set(sent.map((m) => m.id));
  const droppedOurs = dropped.filter((id) => ours.has(id));
  expect(droppedOurs.length, 'with 20 messages at 30 %, some are dropped').toBeGreaterThan(0);
  expect(droppedOurs.length).toBeLessThan(20);

  const first = await reconcile(since, until);
  expect(first.details.missingMessageIds!.sort()).toEqual(dropped);
  expect(first.details.missing).toBe(dropped.length);
  expect(first.details.backfilled).toBe(dropped.length);
  expect(first.status).toBe('FAILED');

  // The worker processes the backfilled events: each becomes a Message (source RECONCILED) in exactly one email, sent.
  await expect
    .poll(
      async () => {
        const { rows } = await db().query<{ vendorMessageId: string; source: string; emails: number; sent: number }>(
          `SELECT m."vendorMessageId", m.source, count(e.id)::int AS emails, count(e.id) FILTER (WHERE e.status IN ('SENT', 'DELIVERED'))::int AS sent
           FROM message m LEFT JOIN email_message em ON em."messageId" = m.id LEFT JOIN email e ON e.id = em."emailId"
           WHERE m."vendorMessageId" = ANY($1) GROUP BY m."vendorMessageId", m.source`,
          [droppedOurs],
        );
        return rows.map((r) => `${r.source}:${r.emails}:${r.sent}`).sort();
      },
      { timeout: 45_000, intervals: [1000], message: 'backfilled messages recorded and emailed once' },
    )
    .toEqual(droppedOurs.map(() => 'RECONCILED:1:1'));
  const mails = await mailboxFor(request, demo('dana'));
  for (const id of droppedOurs) {
    const text = sent.find((m) => m.id === id)!.text;
    expect(
      mails.filter((m) => (m.text ?? '').includes(text)),
      text,
    ).toHaveLength(1);
  }

  // A second pass over the same window finds nothing more to do.
  const second = await reconcile(since, until);
  expect(second).toMatchObject({
    status: 'PASSED',
    details: { missing: 0, vendorMessages: first.details.vendorMessages },
  });
});
