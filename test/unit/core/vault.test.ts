import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { CHUNK_BYTES } from '../../../main/core/vault/vault-cipher';
import { Vault } from '../../../main/core/vault/vault';
import { bufferStream, fileFor, tempDir } from '../../fixtures/core-fixtures';

const dirs: { remove: () => void }[] = [];
function newVault() {
  const dir = tempDir();
  dirs.push(dir);
  return new Vault(dir.path);
}
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
}

describe('vault', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17])(
    'round-trips %i bytes, encrypted at rest',
    async (size) => {
      const vault = newVault();
      const plain = randomBytes(size);
      const stored = await vault.write(bufferStream(plain, 7_777), fileFor(plain));
      expect(vault.files()).toEqual([stored.file]);
      const onDisk = readFileSync(join(vault.dir, stored.file));
      if (size >= 16) expect(onDisk.includes(plain.subarray(0, 16))).toBe(false);
      expect((await vault.readAll(stored.file, stored.key)).equals(plain)).toBe(true);
    },
  );

  it('rejects a checksum mismatch and leaves no file', async () => {
    const vault = newVault();
    const plain = randomBytes(100_000);
    const wrong = { ...fileFor(plain), sha256: 'f'.repeat(64) };
    expect(await codeOf(vault.write(bufferStream(plain), wrong))).toBe('CONTENT_CORRUPT');
    expect(vault.files()).toEqual([]);
  });

  it('rejects a truncated or oversized download and leaves no file', async () => {
    const vault = newVault();
    const plain = randomBytes(100_000);
    expect(await codeOf(vault.write(bufferStream(plain.subarray(0, 60_000)), fileFor(plain)))).toBe(
      'DOWNLOAD_FAILED',
    );
    const longer = Buffer.concat([plain, Buffer.from('extra')]);
    expect(await codeOf(vault.write(bufferStream(longer), fileFor(plain)))).toBe('CONTENT_CORRUPT');
    expect(vault.files()).toEqual([]);
  });

  it('removes the temp file when the source fails mid-way', async () => {
    const vault = newVault();
    const plain = randomBytes(200_000);
    const source = new Readable({
      read() {
        this.push(plain.subarray(0, 70_000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(vault.write(source, fileFor(plain))).rejects.toThrow();
    expect(vault.files()).toEqual([]);
  });

  it('detects a flipped byte, a dropped last frame, swapped keys, a swapped or cut header, streamed or read whole', async () => {
    const vault = newVault();
    const plain = randomBytes(3 * CHUNK_BYTES + 5);
    const stored = await vault.write(bufferStream(plain), fileFor(plain));
    const path = join(vault.dir, stored.file);
    const original = readFileSync(path);
    // `verify` streams the file frame by frame; `readAll` decrypts it in one piece.
    const codes = async (key = stored.key) => [
      await codeOf(vault.verify(stored.file, key)),
      await codeOf(vault.readAll(stored.file, key)),
    ];
    const refused = ['CONTENT_CORRUPT', 'CONTENT_CORRUPT'];

    const flipped = Buffer.from(original);
    const middle = original.length >> 1;
    flipped[middle] = (flipped[middle] ?? 0) ^ 1;
    writeFileSync(path, flipped);
    expect(await codes()).toEqual(refused);

    // Cut exactly at a frame boundary: every remaining frame is intact, but none says "last".
    writeFileSync(path, original.subarray(0, 20 + 3 * (12 + CHUNK_BYTES + 16)));
    expect(await codes()).toEqual(refused);

    writeFileSync(path, original);
    expect(await codes(randomBytes(32))).toEqual(refused);
    writeFileSync(path, Buffer.concat([Buffer.from('XXXX'), original.subarray(4)]));
    expect(await codes()).toEqual(refused);
    writeFileSync(path, original.subarray(0, 10));
    expect(await codes()).toEqual(refused);

    writeFileSync(path, original);
    await vault.verify(stored.file, stored.key);
    expect((await vault.readAll(stored.file, stored.key)).equals(plain)).toBe(true);
  });

  it('removes files that no row owns', async () => {
    const vault = newVault();
    const plain = randomBytes(10);
    const kept = await vault.write(bufferStream(plain), fileFor(plain));
    const dropped = await vault.write(bufferStream(plain), fileFor(plain));
    writeFileSync(join(vault.dir, 'half.part'), 'x');
    const removed = await vault.removeOrphans(new Set([kept.file]));
    expect(removed.sort()).toEqual([dropped.file, 'half.part'].sort());
    expect(vault.files()).toEqual([kept.file]);
  });
});
