import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import type { KeyProvider } from './app-core-api';
import { createFileWhole } from './file-create-whole';

export const STORE_KEY_ENV = 'SHELF_STORE_KEY';
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * The store key from an environment variable (64 hex digits). It never creates a key: whoever
 * sets the variable owns the key, so a new store with a missing variable is an error too.
 */
export function envKeyProvider(
  env: NodeJS.ProcessEnv = process.env,
  name = STORE_KEY_ENV,
): KeyProvider {
  return {
    async getKey() {
      const value = env[name]?.trim();
      if (!value)
        throw new AppError('STORE_KEY_INVALID', `The environment variable ${name} is not set`);
      if (!HEX_KEY.test(value))
        throw new AppError('STORE_KEY_INVALID', `${name} must be 64 hex digits`);
      return Buffer.from(value, 'hex');
    },
    describe: () => `the environment variable ${name}`,
  };
}

/**
 * The store key in a file of 64 hex digits, mode 0600. The file is created only for a new store
 * (`create`), whole (file-create-whole.ts), so two processes can never both write a different key.
 */
export function fileKeyProvider(path: string): KeyProvider {
  return {
    async getKey({ create }) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8').trim();
      } catch (error) {
        if (!isMissing(error) || !create) {
          throw new AppError('STORE_KEY_INVALID', `The store key file ${path} cannot be read`);
        }
        const key = randomBytes(32);
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        // Whole and on disk before the store it encrypts exists; another process's key, put
        // there first, is the one both use.
        if (createFileWhole(path, key.toString('hex') + '\n')) return key;
        text = readFileSync(path, 'utf8').trim();
      }
      if (!HEX_KEY.test(text))
        throw new AppError('STORE_KEY_INVALID', `The store key file ${path} is malformed`);
      if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
        throw new AppError(
          'STORE_KEY_INVALID',
          `The store key file ${path} must not be readable by others (chmod 600)`,
        );
      }
      return Buffer.from(text, 'hex');
    },
    describe: () => `the key file ${path}`,
  };
}

/** `SHELF_STORE_KEY` when set, else the key file: what the browser host and tests use. */
export function defaultKeyProvider(
  keyFile: string,
  env: NodeJS.ProcessEnv = process.env,
): KeyProvider {
  return env[STORE_KEY_ENV] ? envKeyProvider(env) : fileKeyProvider(keyFile);
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
