import type { ReactElement } from 'react';
import type { z } from 'zod';
import type { DbTx } from '../../db/tx';
import type { UnsubscribePurpose } from '../unsubscribe';

/** How the send path treats a template. */
export interface TemplatePolicy {
  /** What the recipient can unsubscribe from; null for transactional mail, which ignores preferences. */
  purpose: UnsubscribePurpose | null;
  /** Digest-mode users get this template at their digest hour instead of after the usual delay. */
  digestible: boolean;
}

export interface ComposeInput {
  email: { id: string; toUserId: string; conversationId: string | null };
  recipient: { name: string; timeZone: string };
  appUrl: string;
}

/** Builds a template's props when sending, or says why the email should not go. */
export type Composer = (
  tx: DbTx,
  input: ComposeInput,
) => Promise<{ props: Record<string, unknown> } | { cancel: string }>;

/**
 * One email, everything about it in one object: its props schema (zod), subject, React body, how the send path
 * treats it, and, for templates whose props are built when sending (the unread list), the composer that builds them.
 * Registered in ./index.ts.
 */
export interface EmailTemplateDefinition<S extends z.ZodType = z.ZodType> {
  schema: S;
  subject(props: z.output<S>): string;
  body(props: z.output<S>): ReactElement;
  policy: TemplatePolicy;
  /** Present when the props are built at send time rather than given at queue time. */
  compose?: Composer;
}

/** Identity, for inference: the schema's output types subject() and body(). */
export const defineTemplate = <S extends z.ZodType>(template: EmailTemplateDefinition<S>): EmailTemplateDefinition<S> =>
  template;
