import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadOrCreateEd25519Key, rawPublicKey } from '../../../server/services/ed25519-key-file';
import { createHooks } from '../../fixtures/fs-create-hooks';

// Exclusive creates split in two, and hard links that can fail (test/fixtures/fs-create-hooks.ts).
vi.mock('node:fs', async (importOriginal) =>
  (await import('../../fixtures/fs-create-hooks')).fsWithCreateHooks(await importOriginal()),
);

describe("a data directory's generated key", () => {
  it('is one key for two processes starting at once, whatever the moment the second reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-key-'));
    try {
      let other: string | undefined;
      let otherFailed: unknown;
      createHooks.between = () => {
        try {
          other = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
        } catch (error) {
          otherFailed = error;
        }
      };
      const first = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
      expect(createHooks.between).toBeUndefined(); // the second process did start in the middle
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

  it('is created where the file system has no hard links, and kept for the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-key-'));
    try {
      createHooks.linkFails = 'EPERM';
      const first = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
      expect(createHooks.linkFails).toBeUndefined();
      expect(rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'))).toBe(first);
      expect(readdirSync(dir)).toEqual(['key.pem']);
    } finally {
      createHooks.linkFails = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
