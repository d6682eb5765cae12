import pino, { type Logger } from 'pino';

export type { Logger };

const redact = {
  paths: ['req.headers.authorization', '*.token', '*.apiKey', '*.secret'],
  censor: '[redacted]',
};

/** The sandbox's own logger: JSON lines, pretty on a terminal. */
export function createLogger(level: string): Logger {
  const base = { service: 'sandbox' };
  if (process.stdout.isTTY && level !== 'silent') {
    try {
      return pino({
        level,
        redact,
        base,
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
        },
      });
    } catch {
      // pino-pretty runs in a worker thread and may be missing; JSON still works.
    }
  }
  return pino({ level, redact, base });
}
