import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { loggingConfig } from './config';
import { errorSerializers } from './log-redact';

// loggingConfig rather than getConfig(): logging must work even when the rest of the configuration is invalid, so that
// the error saying so can be logged. It reads LOG_PRETTY by the same rules as the config (true/false/1/0).
const { level, pretty } = loggingConfig();

const redact = {
  paths: [
    '*.password',
    '*.token',
    '*.secret',
    '*.apiKey',
    'req.headers.authorization',
    'req.headers.cookie',
    '*.headers.authorization',
    '*.headers.cookie',
  ],
  censor: '[redacted]',
};

function createRootLogger(): Logger {
  if (pretty) {
    try {
      return pino({
        level,
        redact,
        serializers: errorSerializers,
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        },
      });
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
