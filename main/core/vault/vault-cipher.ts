import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError, isAppError } from '../../../shared/errors';

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

/** Opens one file's frames in order; throws CONTENT_CORRUPT at the first that fails its check. */
function frameOpener(key: Buffer) {
  let fileId: Buffer | null = null;
  let index = 0;
  return {
    get started() {
      return fileId !== null;
    },
    /** Reads the header off the start of `bytes`; returns the rest. */
    header(bytes: Buffer): Buffer {
      if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('bad header');
      fileId = Buffer.from(bytes.subarray(MAGIC.length, HEADER_BYTES));
      return bytes.subarray(HEADER_BYTES);
    },
    open(frameBytes: Buffer, final: boolean): Buffer {
      if (frameBytes.length < NONCE_BYTES + TAG_BYTES) throw corrupt('truncated');
      const nonce = frameBytes.subarray(0, NONCE_BYTES);
      const tag = frameBytes.subarray(frameBytes.length - TAG_BYTES);
      const body = frameBytes.subarray(NONCE_BYTES, frameBytes.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAAD(additionalData(fileId as Buffer, index++, final));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw corrupt('authentication failed');
      }
    },
  };
}

function corrupt(why: string): AppError {
  return new AppError('CONTENT_CORRUPT', `The vault file is damaged (${why})`);
}

/** A whole vault file decrypted at once (what `content.open` checks); CONTENT_CORRUPT otherwise. */
export function decryptWhole(key: Buffer, file: Buffer): Buffer {
  if (file.length < HEADER_BYTES) throw corrupt('truncated header');
  const frames = frameOpener(key);
  let rest = frames.header(file);
  const parts: Buffer[] = [];
  while (rest.length > FRAME_BYTES) {
    parts.push(frames.open(rest.subarray(0, FRAME_BYTES), false));
    rest = rest.subarray(FRAME_BYTES);
  }
  parts.push(frames.open(rest, true));
  return Buffer.concat(parts);
}

export function createDecryptStream(key: Buffer): Transform {
  let buffer: Buffer = Buffer.alloc(0);
  const frames = frameOpener(key);
  const fail = (callback: TransformCallback, error: unknown) =>
    callback(isAppError(error) ? error : corrupt('unreadable'));

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      try {
        if (!frames.started) {
          if (buffer.length < HEADER_BYTES) return callback();
          buffer = frames.header(buffer);
        }
        while (buffer.length > FRAME_BYTES) {
          this.push(frames.open(buffer.subarray(0, FRAME_BYTES), false));
          buffer = buffer.subarray(FRAME_BYTES);
        }
        callback();
      } catch (error) {
        fail(callback, error);
      }
    },
    flush(callback: TransformCallback) {
      if (!frames.started) return callback(corrupt('truncated header'));
      try {
        this.push(frames.open(buffer, true));
        callback();
      } catch (error) {
        fail(callback, error);
      }
    },
  });
}
