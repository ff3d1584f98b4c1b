import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '../../../shared/errors';
import {
  createDecryptStream,
  createEncryptStream,
  decryptWhole,
  VAULT_KEY_BYTES,
} from './vault-cipher';

const FINAL_SUFFIX = '.vault';
const TEMP_SUFFIX = '.part';

export interface StoredFile {
  /** File name inside the vault folder (what the contents row keeps). */
  file: string;
  key: Buffer;
}

export interface Expected {
  sha256: string;
  size: number;
}

/**
 * The content vault: encrypted files named by random ids, written atomically (temp file, fsync,
 * rename), so a crash or a cut connection leaves either the old state or the complete new file.
 * A `.part` file is never read; whatever is left of one is removed at the next start.
 */
export class Vault {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'vault');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Encrypts `source` into a new vault file. The plaintext's sha256 and size must match
   * `expected` (what the license server published): otherwise the temp file is removed and the
   * error is CONTENT_CORRUPT. Any other failure (network cut, cancel) removes it too.
   */
  async write(
    source: Readable,
    expected: Expected,
    onBytes?: (received: number) => void,
  ): Promise<StoredFile> {
    const key = randomBytes(VAULT_KEY_BYTES);
    const id = randomUUID();
    const temp = join(this.dir, id + TEMP_SUFFIX);
    const hash = createHash('sha256');
    let received = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        received += chunk.length;
        onBytes?.(received);
        // Stop early on an oversized body instead of filling the disk.
        if (received > expected.size) return callback(tooLarge(received, expected.size));
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        source,
        measure,
        createEncryptStream(key),
        createWriteStream(temp, { mode: 0o600 }),
      );
      const sha256 = hash.digest('hex');
      if (received !== expected.size) {
        throw new AppError(
          'DOWNLOAD_FAILED',
          `The download is incomplete (${received} of ${expected.size} bytes)`,
        );
      }
      if (sha256 !== expected.sha256) {
        throw new AppError('CONTENT_CORRUPT', 'The downloaded file does not match its checksum');
      }
      await fsyncFile(temp);
      const file = id + FINAL_SUFFIX;
      await rename(temp, join(this.dir, file));
      return { file, key };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Decrypted bytes; the stream fails with CONTENT_CORRUPT if any frame fails its check. */
  read(file: string, key: Buffer): Readable {
    const output = new PassThrough();
    pipeline(createReadStream(join(this.dir, file)), createDecryptStream(key), output).catch(
      (error: unknown) => {
        output.destroy(
          isAppError(error)
            ? error
            : new AppError('CONTENT_CORRUPT', 'The vault file cannot be read'),
        );
      },
    );
    return output;
  }

  /**
   * The whole file decrypted in memory, read in one call rather than streamed frame by frame
   * (for files small enough to hold: fewer turns of a busy event loop). CONTENT_CORRUPT if any
   * frame fails its check.
   */
  async readAll(file: string, key: Buffer): Promise<Buffer> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(join(this.dir, file));
    } catch {
      throw new AppError('CONTENT_CORRUPT', 'The vault file cannot be read');
    }
    return decryptWhole(key, encrypted);
  }

  /** Decrypts the whole file without keeping it, to detect tampering before a viewer opens. */
  async verify(file: string, key: Buffer): Promise<void> {
    await pipeline(
      this.read(file, key),
      new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    );
  }

  async delete(file: string): Promise<void> {
    await unlink(join(this.dir, file)).catch((error: unknown) => {
      if (!(
        typeof error === 'object' &&
        error !== null &&
        'code' in error &&
        error.code === 'ENOENT'
      ))
        throw error;
    });
  }

  /** Removes every file no row owns (half downloads, files of returns finished elsewhere). */
  async removeOrphans(owned: ReadonlySet<string>): Promise<string[]> {
    const removed: string[] = [];
    for (const name of readdirSync(this.dir)) {
      if (owned.has(name)) continue;
      await this.delete(name);
      removed.push(name);
    }
    return removed;
  }

  files(): string[] {
    return readdirSync(this.dir);
  }
}

function tooLarge(received: number, size: number): AppError {
  return new AppError(
    'CONTENT_CORRUPT',
    `The download is larger than announced (${received} > ${size} bytes)`,
  );
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
