import { AppError } from '../shared/errors';

/** What a storage error code says about the path it happened on, in words for the operator. */
const CAUSES: Record<string, string> = {
  ENOSPC: 'is on a full disk',
  EDQUOT: 'is over its disk quota',
  EROFS: 'is on a read-only file system',
  EACCES: 'is not writable by this user',
  EPERM: 'is not writable by this user',
  ENOTDIR: 'is not a folder (part of the path is a file)',
  EISDIR: 'is a folder where a file was expected',
  EIO: 'gave an I/O error',
  SQLITE_FULL: 'is on a full disk (the database could not grow)',
  SQLITE_READONLY: 'is read-only (the database cannot be written)',
  SQLITE_CANTOPEN: 'cannot hold the database (it could not be opened or created)',
  SQLITE_IOERR: 'gave an I/O error while writing the database',
  '53100': 'has a database server whose disk is full',
};

function causeOf(code: string): string | undefined {
  return CAUSES[code] ?? CAUSES[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
}

/** The error and its `cause` chain, outermost first. */
function chain(error: unknown): unknown[] {
  const all: unknown[] = [];
  for (let e: unknown = error; e !== undefined && all.length < 10;) {
    all.push(e);
    e = typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
  }
  return all;
}

/**
 * One sentence for a server that could not start: the path and the cause when the error is a
 * storage one (read-only or full folder, I/O error), else the error's own message. Printed
 * instead of a stack trace, so the operator sees at once which folder to fix.
 */
export function describeStartupError(error: unknown, dataDir: string): string {
  for (const e of chain(error)) {
    if (e instanceof AppError) return `The license server cannot start: ${e.message}.`;
    const { code, path } = (typeof e === 'object' && e !== null ? e : {}) as {
      code?: unknown;
      path?: unknown;
    };
    const cause = typeof code === 'string' ? causeOf(code) : undefined;
    if (cause) {
      const where = typeof path === 'string' ? path : dataDir;
      return `The license server cannot start: ${where} ${cause} (${String(code)}).`;
    }
  }
  const messages = chain(error)
    .map((e) => (e instanceof Error ? e.message : String(e)))
    .filter((m) => m !== '');
  return `The license server cannot start: ${messages.join(': ')}.`;
}
