import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../../shared/errors';

/**
 * The vault file format: chunked AES-256-GCM, so a file of any size streams in constant memory
 * and the viewer can start before the whole file is decrypted.
 *
 *   header  "SHV1" | file id (16 random bytes)
 *   frames  nonce (12) | ciphertext (≤ 64 KiB) | tag (16), every frame full except the last
 *
 * Each frame's additional data is file id | frame index | final flag, so frames cannot be
 * swapped, moved between files, dropped at the end (the last frame must say it is last) or
 * appended to. Any failed check is CONTENT_CORRUPT.
 */
export const CHUNK_BYTES = 64 * 1024;
const MAGIC = Buffer.from('SHV1');
const FILE_ID_BYTES = 16;
const HEADER_BYTES = MAGIC.length + FILE_ID_BYTES;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FRAME_BYTES = NONCE_BYTES + CHUNK_BYTES + TAG_BYTES;
export const VAULT_KEY_BYTES = 32;

function additionalData(fileId: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(FILE_ID_BYTES + 5);
  fileId.copy(aad, 0);
  aad.writeUInt32BE(index, FILE_ID_BYTES);
  aad.writeUInt8(final ? 1 : 0, FILE_ID_BYTES + 4);
  return aad;
}

export function createEncryptStream(key: Buffer): Transform {
  const fileId = randomBytes(FILE_ID_BYTES);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let headerSent = false;

  const frame = (plain: Buffer, final: boolean): Buffer => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(additionalData(fileId, index++, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  };
  const header = (stream: Transform) => {
    if (!headerSent) stream.push(Buffer.concat([MAGIC, fileId]));
    headerSent = true;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      header(this);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Keep at least one byte back: only flush knows which frame is the last.
      while (pending.length > CHUNK_BYTES) {
        this.push(frame(pending.subarray(0, CHUNK_BYTES), false));
        pending = pending.subarray(CHUNK_BYTES);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      header(this);
      this.push(frame(pending, true));
      callback();
    },
  });
}

export function createDecryptStream(key: Buffer): Transform {
  let buffer: Buffer = Buffer.alloc(0);
  let fileId: Buffer | null = null;
  let index = 0;

  const open = (frameBytes: Buffer, final: boolean): Buffer => {
    const nonce = frameBytes.subarray(0, NONCE_BYTES);
    const tag = frameBytes.subarray(frameBytes.length - TAG_BYTES);
    const body = frameBytes.subarray(NONCE_BYTES, frameBytes.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(additionalData(fileId as Buffer, index++, final));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  };
  const corrupt = (why: string) =>
    new AppError('CONTENT_CORRUPT', `The vault file is damaged (${why})`);

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      try {
        if (!fileId) {
          if (buffer.length < HEADER_BYTES) return callback();
          if (!buffer.subarray(0, MAGIC.length).equals(MAGIC))
            return callback(corrupt('bad header'));
          fileId = Buffer.from(buffer.subarray(MAGIC.length, HEADER_BYTES));
          buffer = buffer.subarray(HEADER_BYTES);
        }
        while (buffer.length > FRAME_BYTES) {
          this.push(open(buffer.subarray(0, FRAME_BYTES), false));
          buffer = buffer.subarray(FRAME_BYTES);
        }
        callback();
      } catch {
        callback(corrupt('authentication failed'));
      }
    },
    flush(callback: TransformCallback) {
      if (!fileId) return callback(corrupt('truncated header'));
      if (buffer.length < NONCE_BYTES + TAG_BYTES) return callback(corrupt('truncated'));
      try {
        this.push(open(buffer, true));
        callback();
      } catch {
        callback(corrupt('authentication failed'));
      }
    },
  });
}
