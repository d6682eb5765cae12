import type { Context, MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import type { Fault, FaultStore } from './store';
import type { FaultMode } from './modes';

interface Gate {
  down: FaultMode;
  slow?: FaultMode;
  /** What "down" answers; throwing a SandboxError lets the area's error shape apply. May set response headers on `c`. */
  onDown: (fault: Fault, c: Context<SandboxEnv>) => SandboxError;
}

/** Middleware that applies an area's request faults: answer an error, or wait first. */
export function faultGate(faults: FaultStore, gate: Gate): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const down = faults.roll(gate.down);
    if (down) {
      c.get('log').info({ faultId: down.id, mode: down.mode }, 'fault applied');
      throw gate.onDown(down, c);
    }
    const slow = gate.slow && faults.roll(gate.slow);
    if (slow) {
      c.get('log').info({ faultId: slow.id, mode: slow.mode, delayMs: slow.delayMs }, 'fault applied');
      await sleep(slow.delayMs ?? 0, undefined, { signal: c.req.raw.signal }).catch(() => undefined);
    }
    await next();
  };
}

export const apiGate = (faults: FaultStore): MiddlewareHandler<SandboxEnv> => {
  // A rate-limited REST API answers 429 with Retry-After in seconds (RFC 9110 § 10.2.3), as TalkJS's REST API does.
  const rateLimited = faultGate(faults, {
    down: 'api-429',
    onDown: (fault, c) => {
      c.header('Retry-After', String(Math.ceil((fault.delayMs ?? 0) / 1000)));
      return new SandboxError(429, 'too_many_requests', 'Too many requests');
    },
  });
  const down = faultGate(faults, {
    down: 'api-down',
    slow: 'api-slow',
    onDown: () => new SandboxError(503, 'service_unavailable', 'The API is temporarily unavailable'),
  });
  return async (c, next) => {
    await rateLimited(c, async () => {
      await down(c, next);
    });
  };
};

export const embedGate = (faults: FaultStore) =>
  faultGate(faults, {
    down: 'ui-down',
    slow: 'ui-slow',
    onDown: () => new SandboxError(503, 'service_unavailable', 'The chat UI is temporarily unavailable'),
  });

export const mailGate = (faults: FaultStore): MiddlewareHandler<SandboxEnv> => {
  // SendGrid's 429 carries X-RateLimit-Limit/-Remaining/-Reset (Unix seconds), not Retry-After (API reference ›
  // Rate limits). The window here resets at the next whole second but one.
  const rateLimited = faultGate(faults, {
    down: 'mail-429',
    onDown: (_fault, c) => {
      c.header('X-RateLimit-Limit', '600');
      c.header('X-RateLimit-Remaining', '0');
      c.header('X-RateLimit-Reset', String(Math.floor(Date.now() / 1000) + 2));
      return new SandboxError(429, 'too_many_requests', 'too many requests');
    },
  });
  const broken = faultGate(faults, {
    down: 'mail-5xx',
    onDown: () => new SandboxError(500, 'internal', 'internal server error'),
  });
  return async (c, next) => {
    await rateLimited(c, async () => {
      await broken(c, next);
    });
  };
};
