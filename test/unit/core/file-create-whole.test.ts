import type * as fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileWhole } from '../../../main/core/file-create-whole';
import { fileKeyProvider } from '../../../main/core/key-provider';

/** Run once by the next exclusive create: after the file has its name, before its bytes. */
let between: (() => void) | undefined;
/** The next hard link fails with this code (a file system without hard links). */
let linkFails: string | undefined;

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
  const linkSync: typeof actual.linkSync = (existing, created) => {
    const code = linkFails;
    linkFails = undefined;
    if (code) throw Object.assign(new Error(`${code}: link`), { code });
    actual.linkSync(existing, created);
  };
  return { ...actual, openSync, linkSync };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shelf-whole-'));
});
afterEach(() => {
  between = undefined;
  linkFails = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('createFileWhole', () => {
  it('never shows its name with less than the whole text; the first creator wins', () => {
    const path = join(dir, 'store.key');
    let seen: string | undefined;
    let second: boolean | undefined;
    between = () => {
      // Another process, after this one's file was opened and before it was written.
      seen = readdirSync(dir).includes('store.key') ? readFileSync(path, 'utf8') : undefined;
      second = createFileWhole(path, 'theirs\n');
    };
    expect(createFileWhole(path, 'mine\n')).toBe(false);
    expect(seen).toBeUndefined();
    expect(second).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('theirs\n');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['store.key']);
  });

  it('creates the file where the file system has no hard links', () => {
    const path = join(dir, 'store.key');
    linkFails = 'EPERM';
    expect(createFileWhole(path, 'mine\n')).toBe(true);
    expect(linkFails).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
    expect(createFileWhole(path, 'again\n')).toBe(false);
    expect(readdirSync(dir)).toEqual(['store.key']);
  });
});

describe("the store's key file", () => {
  it('is one key for two stores created at once on one folder', async () => {
    const path = join(dir, 'store.key');
    let other: Buffer | undefined;
    between = () => {
      void fileKeyProvider(path)
        .getKey({ create: true })
        .then((key) => (other = key));
    };
    const key = await fileKeyProvider(path).getKey({ create: true });
    await vi.waitFor(() => expect(other).toBeDefined());
    expect(other?.equals(key)).toBe(true);
    expect((await fileKeyProvider(path).getKey({ create: false })).equals(key)).toBe(true);
    expect(readdirSync(dir)).toEqual(['store.key']);
  });
});
