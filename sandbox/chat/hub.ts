import { EventEmitter } from 'node:events';
import type { MessageJson } from './message-json';

export type HubEvent =
  | { type: 'message'; message: MessageJson }
  | { type: 'read'; readerId: string; messageIds: string[]; readAt: string }
  | { type: 'close' };

/** In-process fan-out of committed chat changes to the embed's live (SSE) connections. */
export class Hub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private closed = false;

  subscribe(conversationId: string, listener: (event: HubEvent) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener({ type: 'close' }));
      return () => undefined;
    }
    this.emitter.on(conversationId, listener);
    return () => this.emitter.off(conversationId, listener);
  }

  publish(conversationId: string, event: HubEvent): void {
    this.emitter.emit(conversationId, event);
  }

  /** Ends every live connection (on stop). */
  close(): void {
    this.closed = true;
    for (const name of this.emitter.eventNames()) this.emitter.emit(name, { type: 'close' } satisfies HubEvent);
    this.emitter.removeAllListeners();
  }
}
