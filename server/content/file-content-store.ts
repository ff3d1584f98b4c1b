import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ContentStore } from './content-store';
import { contentKey } from './content-store';

/** Content files in a local folder (`<root>/ab/abcdef…`): the default, one host. */
export class FileContentStore implements ContentStore {
  constructor(private readonly root: string) {}

  #path(sha256: string): string {
    return join(this.root, contentKey(sha256));
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.#path(sha256);
    if ((await this.size(sha256)) !== bytes.byteLength) {
      await mkdir(dirname(path), { recursive: true });
      // Temp file + rename: a reader never sees a half-written file.
      const temp = `${path}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    return { sha256, size: bytes.byteLength };
  }

  async size(sha256: string): Promise<number | null> {
    const path = this.#path(sha256);
    try {
      return (await stat(path)).size;
    } catch {
      return null;
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const stream = createReadStream(this.#path(sha256), range);
    // Opened before answering, so a missing file is a rejected promise, not a stream error
    // after the response headers went out.
    return new Promise((resolve, reject) => {
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }
}
