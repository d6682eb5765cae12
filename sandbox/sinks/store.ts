import type { Db } from '../db';
import { newId } from '../ids';
import type { SinkName } from './types';

export interface StoredAlert {
  id: string;
  sink: SinkName;
  target: string;
  /** The body as received. */
  payload: unknown;
  receivedAt: string;
}

interface Row {
  id: string;
  sink: SinkName;
  target: string;
  payload: unknown;
  created_at: Date;
}

export async function storeAlert(db: Db, alert: { sink: SinkName; target: string; payload: unknown }): Promise<string> {
  const id = newId('alr');
  await db.query('INSERT INTO sandbox.alerts (id, sink, target, payload) VALUES ($1, $2, $3, $4)', [
    id,
    alert.sink,
    alert.target,
    JSON.stringify(alert.payload),
  ]);
  return id;
}

/** Oldest first, so a test reads alerts in the order they were sent. */
export async function listAlerts(
  db: Db,
  filter: { sink?: string | undefined; since?: Date | undefined; limit: number },
): Promise<StoredAlert[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM sandbox.alerts WHERE ($1::text IS NULL OR sink = $1) AND ($2::timestamptz IS NULL OR created_at >= $2) ORDER BY seq LIMIT $3`,
    [filter.sink ?? null, filter.since ?? null, filter.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    sink: r.sink,
    target: r.target,
    payload: r.payload,
    receivedAt: r.created_at.toISOString(),
  }));
}

export async function clearAlerts(db: Db): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sandbox.alerts');
  return rowCount ?? 0;
}
