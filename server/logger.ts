import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/**
 * The server's one logger. Secrets never reach it by construction (no handler logs a body or
 * a header); the redaction is a second fence for anything passed by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'shelf-server' },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.secret',
        '*.adminToken',
        'password',
        'token',
        'secret',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
