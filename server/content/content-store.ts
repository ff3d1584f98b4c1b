import type { Readable } from 'node:stream';

/**
 * Where content files live, addressed by their sha256: the local folder (the embedded default)
 * or S3-compatible object storage (several hosts, nothing on local disk). Both answer the same
 * contract, so the download route streams with Range from either.
 */
export interface ContentStore {
  /** Stores the bytes (idempotent: same bytes, same address) and answers their address. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The stored size, or null when absent. */
  size(sha256: string): Promise<number | null>;
  /** Reads bytes `start…end` inclusive (the whole file when omitted). */
  read(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Releases connections (object storage); called when the server stops. */
  close?(): void;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The stored name of an address, `ab/abcdef…`. The address is validated before it becomes a
 * path or an object key, so no id can climb out of the store's root.
 */
export function contentKey(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error('invalid content address');
  return `${sha256.slice(0, 2)}/${sha256}`;
}
