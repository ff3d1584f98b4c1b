import type * as fs from 'node:fs';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadOrCreateEd25519Key, rawPublicKey } from '../../../server/services/ed25519-key-file';

/** Run once by the next exclusive create: after the file has its name, before its bytes. */
let between: (() => void) | undefined;
/** The next hard link fails with this code (a file system without hard links). */
let linkFails: string | undefined;

// An exclusive create as the kernel does it, the name first and the bytes after, with `between`
// run at that point: another process starting on the same data directory at that moment.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const openSync = ((file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
    const fd = actual.openSync(file, flags, mode);
    const run = between;
    if (run && flags === 'wx') {
      between = undefined;
      run();
    }
    return fd;
  }) as typeof actual.openSync;
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
  const linkSync: typeof actual.linkSync = (existing, created) => {
    const code = linkFails;
    linkFails = undefined;
    if (code) throw Object.assign(new Error(`${code}: link`), { code });
    actual.linkSync(existing, created);
  };
  return { ...actual, openSync, writeFileSync, linkSync };
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

  it('is created where the file system has no hard links, and kept for the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-key-'));
    try {
      linkFails = 'EPERM';
      const first = rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'));
      expect(linkFails).toBeUndefined();
      expect(rawPublicKey(loadOrCreateEd25519Key(dir, 'key.pem'))).toBe(first);
      expect(readdirSync(dir)).toEqual(['key.pem']);
    } finally {
      linkFails = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
