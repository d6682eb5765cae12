import type { Hono } from 'hono';
import type { SandboxContext } from '../context';
import type { SandboxError } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import type { DialectName } from './names';
import type { ChatDialect } from './wire';

export type { DialectName } from './names';
export type { ChatEvent, WebhookDraft } from './wire';

/**
 * One vendor's wire format. The chat itself (storage, faults, the embed UI, the outbox and its retries) is shared;
 * a dialect only says how it looks on the wire: webhook bodies and signatures, REST paths, authentication,
 * pagination and error bodies.
 */
export interface Dialect extends ChatDialect {
  readonly name: DialectName;
  /**
   * Headers that sign one delivery attempt; called again on every retry with the attempt's time, number (1-based)
   * and the URL it goes to (Twilio signs the URL). A `content-type` here replaces the default application/json.
   */
  signWebhook(
    secret: string,
  ): (eventId: string, body: string, now: Date, attempt: number, url: string) => Record<string, string>;
  /** The REST API, mounted at `/`: its own paths (conventionally under /v1/:appId), authentication and pagination. */
  restRoutes(ctx: SandboxContext): Hono<SandboxEnv>;
  /** Whether a path belongs to this dialect's REST API, so its errors use `errorBody`. */
  isRestPath(path: string): boolean;
  /** The JSON body of a REST error, in the vendor's shape. */
  errorBody(error: SandboxError): unknown;
}
