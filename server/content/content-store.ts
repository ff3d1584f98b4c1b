import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where content files live, addressed by their sha256. The filesystem implementation is the
 * default; an object store can implement the same four methods later.
 */
export interface ContentStore {
  /** Stores the bytes (idempotent: same bytes, same address) and answers their address. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The stored size, or null when absent. */
  size(sha256: string): Promise<number | null>;
  /** Reads bytes `start…end` inclusive (the whole file when omitted). */
  read(sha256: string, range?: { start: number; end: number }): Readable;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class FileContentStore implements ContentStore {
  constructor(private readonly root: string) {}

  #path(sha256: string): string {
    // The address is validated before it touches a path, so no id can climb out of the root.
    if (!SHA256_HEX.test(sha256)) throw new Error('invalid content address');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.#path(sha256);
    if ((await this.size(sha256)) !== bytes.byteLength) {
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      // Temp file + rename: a reader never sees a half-written file.
      const temp = `${path}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    return { sha256, size: bytes.byteLength };
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.#path(sha256))).size;
    } catch {
      return null;
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.#path(sha256), range);
  }
}
