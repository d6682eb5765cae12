import type { DbTx } from '../db/tx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SendGrid events that say it took the mail, and those that say it will never deliver it (Event Webhook reference). */
const ACCEPTED = new Set(['processed', 'deferred', 'delivered', 'open', 'click']);
const FAILED = new Set(['dropped', 'bounce']);

/**
 * Settles an UNCONFIRMED alert e-mail (sent, no answer) from one SendGrid event that carries our `alert_delivery_id`
 * custom arg (top-level in the event, as SendGrid sends custom args): `processed`/`delivered`/… → SENT at the event's
 * time, `dropped`/`bounce` → FAILED with its detail. Other statuses are left alone (a SENT alert's later events change
 * nothing). Returns whether the event names one of our alert deliveries, whatever it changed.
 */
export async function settleUnconfirmedAlertEmail(
  tx: DbTx,
  event: { event: string; timestamp: number; alert_delivery_id?: string | undefined },
  detail: string | null,
): Promise<boolean> {
  const id = event.alert_delivery_id;
  if (!id || !UUID.test(id)) return false;
  const exists = await tx.alertDelivery.findUnique({ where: { id }, select: { id: true } });
  if (!exists) return false;
  const at = new Date(event.timestamp * 1000);
  if (ACCEPTED.has(event.event))
    await tx.alertDelivery.updateMany({
      where: { id, status: 'UNCONFIRMED' },
      data: { status: 'SENT', sentAt: at, error: null },
    });
  else if (FAILED.has(event.event))
    await tx.alertDelivery.updateMany({
      where: { id, status: 'UNCONFIRMED' },
      data: { status: 'FAILED', error: `SendGrid ${event.event}${detail ? `: ${detail}` : ''}`.slice(0, 500) },
    });
  return true;
}
