import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import type { KeyProvider } from '../app-core-api';
import { registerSortKey } from './sort-key';

export const STORE_KEY_BYTES = 32;

/**
 * Opens the SQLCipher-encrypted store. The key is raw (32 random bytes), so there is no key
 * derivation at open. A wrong or missing key on an existing file is STORE_KEY_INVALID and the
 * file is left exactly as it was: SQLCipher only reports a wrong key at the first statement
 * (SQLITE_NOTADB), so that statement runs here, before anything could write.
 */
export async function openEncryptedDatabase(file: string, keyProvider: KeyProvider): Promise<Db> {
  const exists = existsSync(file);
  let key: Buffer;
  try {
    key = await keyProvider.getKey({ create: !exists });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'STORE_KEY_INVALID',
      `The store key could not be read from ${keyProvider.describe()}`,
    );
  }
  if (key.length !== STORE_KEY_BYTES) {
    throw new AppError(
      'STORE_KEY_INVALID',
      `The store key from ${keyProvider.describe()} is not ${STORE_KEY_BYTES} bytes`,
    );
  }
  const db = new Database(file, { fileMustExist: exists });
  registerSortKey(db);
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) {
      throw new AppError(
        'STORE_KEY_INVALID',
        `The local store could not be unlocked with the key from ${keyProvider.describe()}`,
      );
    }
    throw error;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Every cache miss costs a page decryption (about 20 µs), and a page written again later in a
  // large write (a first sync, a batch of receipts) is decrypted again. Since store migration 10
  // a 100,000-item store is 240 MB, its library rows and their sort indexes about 115 MB: with
  // 32 MiB, seeding 50,000 items took 146-185 s, with 128 MiB 110-154 s, runs alternated under
  // the same load (bench/findings.md, third session). The cache only grows as pages are read,
  // so a small library uses what it needs.
  db.pragma('cache_size = -131072');
  return db;
}

function isNotADatabase(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_NOTADB'
  );
}
