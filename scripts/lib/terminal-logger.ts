import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';
import type { CoreLogger } from '../../main/core/app-core-api';

/**
 * Readable log lines on stderr for the start scripts (the shipped app logs JSON). The same
 * pino logger feeds the embedded license server; fields never carry a token, key or password.
 */
export function terminalLogger(
  name: string,
  level = process.env.SHELF_LOG_LEVEL ?? 'info',
): { pino: Logger; core: CoreLogger } {
  const log = pino(
    { name, level },
    pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }),
  );
  return {
    pino: log,
    core: {
      info: (message, fields) => log.info(fields ?? {}, message),
      warn: (message, fields) => log.warn(fields ?? {}, message),
      error: (message, fields) => log.error(fields ?? {}, message),
    },
  };
}
