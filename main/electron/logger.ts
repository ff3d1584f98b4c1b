import { pino } from 'pino';
import type { CoreLogger } from '../core/app-core-api';

/**
 * One pino logger for the shell, as JSON lines on stderr. Fields are whatever the caller gives:
 * callers never pass a token, key or password (docs/design.md §7.8).
 */
export function createShellLogger(
  name: string,
  level = process.env.SHELF_LOG_LEVEL ?? 'info',
): CoreLogger {
  const log = pino({ name, level }, pino.destination(2));
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}

/** Error details safe to log: name, message and stack, not arbitrary enumerable fields. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { err: { name: error.name, message: error.message, stack: error.stack } };
  return { err: String(error) };
}
