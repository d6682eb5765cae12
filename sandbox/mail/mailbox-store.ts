import type { Db } from '../db';
import type { Address } from './validate';

export interface StoredEmail {
  id: string;
  messageId: string;
  to: string[];
  cc: string[];
  bcc: string[];
  from: Address;
  replyTo: Address | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
  categories: string[];
  templateId: string | null;
  dynamicTemplateData: unknown;
  createdAt: string;
}

interface Row {
  id: string;
  message_id: string;
  to: string[];
  cc: string[];
  bcc: string[];
  from: Address;
  reply_to: Address | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  custom_args: Record<string, string>;
  categories: string[];
  template_id: string | null;
  dynamic_template_data: unknown;
  created_at: Date;
}

const toJson = (r: Row): StoredEmail => ({
  id: r.id,
  messageId: r.message_id,
  to: r.to,
  cc: r.cc,
  bcc: r.bcc,
  from: r.from,
  replyTo: r.reply_to,
  subject: r.subject,
  html: r.html,
  text: r.text,
  headers: r.headers,
  customArgs: r.custom_args,
  categories: r.categories,
  templateId: r.template_id,
  dynamicTemplateData: r.dynamic_template_data,
  createdAt: r.created_at.toISOString(),
});

/** Newest first; `to` matches any recipient (to, cc or bcc), case-insensitively. */
export async function listEmails(db: Db, filter: { to?: string | undefined; limit: number }): Promise<StoredEmail[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM sandbox.emails
     WHERE $1::text IS NULL OR lower($1) = ANY (SELECT lower(x) FROM unnest("to" || cc || bcc) AS x)
     ORDER BY seq DESC LIMIT $2`,
    [filter.to ?? null, filter.limit],
  );
  return rows.map(toJson);
}

export async function getEmail(db: Db, id: string): Promise<StoredEmail | undefined> {
  const { rows } = await db.query<Row>('SELECT * FROM sandbox.emails WHERE id = $1', [id]);
  return rows[0] && toJson(rows[0]);
}

export async function clearEmails(db: Db): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sandbox.emails');
  return rowCount ?? 0;
}
