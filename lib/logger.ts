import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { errorSerializers } from './log-redact';

// Reads LOG_LEVEL/NODE_ENV directly rather than through getConfig(): logging must work even
// when configuration is invalid, so that the error saying so can be logged.
const level = process.env.LOG_LEVEL ?? 'info';
const pretty = process.env.LOG_PRETTY ? process.env.LOG_PRETTY === 'true' : process.env.NODE_ENV !== 'production';

const redact = {
  paths: ['*.password', '*.token', '*.secret', '*.apiKey', 'req.headers.authorization', 'req.headers.cookie', '*.headers.authorization', '*.headers.cookie'],
  censor: '[redacted]',
};

function createRootLogger(): Logger {
  if (pretty) {
    try {
      return pino({ level, redact, serializers: errorSerializers, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
    } catch {
      // pino-pretty is a worker thread; bundlers can lose it. Plain JSON still works.
    }
  }
  return pino({ level, redact, serializers: errorSerializers });
}

export const logger: Logger = createRootLogger();

/** A fresh id for a request or job, carried as `reqId`/`jobId` in every log line. */
export function newRequestId(): string {
  return randomUUID();
}
