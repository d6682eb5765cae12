import type { MiddlewareHandler } from 'hono';
import type { SandboxConfig } from '../config';
import type { Db } from '../db';
import type { ChatDialect } from '../dialects/wire';
import { SandboxError } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { type ConversationJson, getConversation } from './put-conversation';
import { verifyIdentityToken } from './token';

export interface Viewer {
  userId: string;
  conversation: ConversationJson;
}

export type EmbedEnv = SandboxEnv & { Variables: { viewer: Viewer } };

/** Who is looking at which conversation: a valid identity token whose sub is one of its participants. */
export async function authorizeViewer(
  deps: {
    db: Db;
    config: SandboxConfig;
    dialect: Pick<ChatDialect, 'embedTokenClaims' | 'embedUserClaim' | 'embedIdentity'>;
  },
  conversationId: string,
  token: string,
): Promise<Viewer> {
  const userId = deps.dialect.embedIdentity
    ? await deps.dialect.embedIdentity(token, deps.config)
    : await verifyIdentityToken(token, {
        secret: deps.config.VENDOR_API_SECRET,
        appId: deps.config.VENDOR_APP_ID,
        claims: deps.dialect.embedTokenClaims,
        userClaim: deps.dialect.embedUserClaim,
      });
  const conversation = await getConversation(deps, conversationId).catch((error: unknown) => {
    if (error instanceof SandboxError && error.status === 404)
      throw new SandboxError(403, 'forbidden', 'unknown conversation');
    throw error;
  });
  if (!conversation.participants.includes(userId))
    throw new SandboxError(403, 'forbidden', `${userId} is not a participant`);
  return { userId, conversation };
}

/** The embed API's guard; the token comes as a Bearer header, or ?token= for EventSource. */
export function embedAuth(deps: {
  db: Db;
  config: SandboxConfig;
  dialect: Pick<ChatDialect, 'embedTokenClaims' | 'embedUserClaim' | 'embedIdentity'>;
}): MiddlewareHandler<EmbedEnv> {
  return async (c, next) => {
    const header = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = header ?? c.req.query('token') ?? '';
    c.set('viewer', await authorizeViewer(deps, c.req.param('conversationId') ?? '', token));
    await next();
  };
}
