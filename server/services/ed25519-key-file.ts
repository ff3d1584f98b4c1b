import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';

/**
 * An Ed25519 private key from a configured PEM file, for the license signing key and the root key
 * alike; `variable` and `purpose` make the sentence a wrong file gets.
 */
export function readEd25519KeyFile(file: string, variable: string, purpose: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${variable} cannot be read (${file}): ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(
      `${variable} (${file}) is not a PEM private key; expected Ed25519 PKCS#8.`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      `${variable} (${file}) holds a ${key.asymmetricKeyType ?? 'unknown'} key; ${purpose}.`,
    );
  }
  return key;
}

/**
 * The development default: a key generated at first start into the data directory (mode 0600).
 * Two processes starting on one data directory agree on one key: the first to put its key in
 * place wins, and the other reads it (see `createWhole`).
 */
export function loadOrCreateEd25519Key(dataDir: string, name: string): KeyObject {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, name);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    pem = createWhole(path, fresh) ? fresh : readFileSync(path, 'utf8');
  }
  return createPrivateKey(pem);
}

/** Errors of a file system without hard links (some network and FAT-family mounts). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Puts `text` at `path` unless a file is there already; true when this call put it. Written
 * aside, flushed to disk, then linked into place (a link fails on a name that is taken), so the
 * name never holds less than the whole key: created there with O_EXCL and written after, another
 * process starting at the same time could read it empty in between and fail to start, and a
 * crash in between left an empty key that no later start could read. Where the file system has
 * no hard links, the O_EXCL create stands in (the window above comes back there).
 */
function createWhole(path: string, text: string): boolean {
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

/** Creates `path` (O_EXCL, 0600) with `text`, on disk before it returns. */
function writeFlushed(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The raw 32-byte public key of an Ed25519 private key, base64url without padding. */
export function rawPublicKey(privateKey: KeyObject): string {
  return String(createPublicKey(privateKey).export({ format: 'jwk' }).x);
}
