import type * as fs from 'node:fs';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadOrCreateEd25519Key, rawPublicKey } from '../../../server/services/ed25519-key-file';

/** Run once by the next exclusive create: after the file has its name, before its bytes. */
let between: (() => void) | undefined;

// An exclusive create as the kernel does it, the name first and the bytes after, with `between`
// run at that point: another process starting on the same data directory at that moment.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const writeFileSync: typeof actual.writeFileSync = (file, data, options) => {
    const run = between;
    if (!run || typeof options !== 'object' || options?.flag !== 'wx') {
      actual.writeFileSync(file, data, options);
      return;
    }
    between = undefined;
    actual.writeFileSync(file, '', options);
    run();
    actual.writeFileSync(file, data);
  };
  return { ...actual, writeFileSync };
});

describe("a data directory's generated key", () => {
  it('is one key for two processes starting at once, whatever the moment the second reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-key-'));
    try {
      let other: string | undefined;
      let otherFailed: unknown;
      between = () => {
        try {
          other = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
        } catch (error) {
          otherFailed = error;
        }
      };
      const first = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
      expect(between).toBeUndefined(); // the second process did start in the middle
      expect(otherFailed).toBeUndefined();
      expect(other).toBe(first);
      // What the next start reads, kept private, and nothing left aside.
      expect(rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'))).toBe(first);
      if (process.platform !== 'win32')
        expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['key.pem']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
