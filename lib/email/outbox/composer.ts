import type { DbTx } from '../../db/tx';

export interface ComposeInput {
  email: { id: string; toUserId: string; conversationId: string | null };
  recipient: { name: string; timeZone: string };
  appUrl: string;
}

/** Builds a template's props when sending, or says why the email should not go. */
export type Composer = (tx: DbTx, input: ComposeInput) => Promise<{ props: Record<string, unknown> } | { cancel: string }>;
