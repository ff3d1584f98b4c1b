import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs';

/** Errors of a file system without hard links (some network and FAT-family mounts). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `path` (mode 0600) holding `text` unless a file is there already; true when this call
 * created it. Written aside, flushed to disk, then linked into place (a link fails on a name that
 * is taken), so the name never holds less than the whole text: a crash or power loss cannot leave
 * an empty key file beside a store it encrypts, and another process never reads it half-written.
 * Where the file system has no hard links, an O_EXCL create of the name itself stands in.
 * (The license server's generated keys do the same, server/services/ed25519-key-file.ts: the
 * layers share no Node.js code.)
 */
export function createFileWhole(path: string, text: string): boolean {
  const aside = `${path}.${randomUUID()}.tmp`;
  try {
    writeFlushed(aside, text);
    linkSync(aside, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_LINKS.has(code)) throw error;
  } finally {
    rmSync(aside, { force: true });
  }
  try {
    writeFlushed(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function writeFlushed(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
