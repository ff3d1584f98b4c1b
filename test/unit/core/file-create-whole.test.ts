import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileWhole } from '../../../main/core/file-create-whole';
import { fileKeyProvider } from '../../../main/core/key-provider';
import { createHooks } from '../../fixtures/fs-create-hooks';

// Exclusive creates split in two, and hard links that can fail (test/fixtures/fs-create-hooks.ts).
vi.mock('node:fs', async (importOriginal) =>
  (await import('../../fixtures/fs-create-hooks')).fsWithCreateHooks(await importOriginal()),
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shelf-whole-'));
});
afterEach(() => {
  createHooks.between = undefined;
  createHooks.linkFails = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('createFileWhole', () => {
  it('never shows its name with less than the whole text; the first creator wins', () => {
    const path = join(dir, 'store.key');
    let seen: string | undefined;
    let second: boolean | undefined;
    createHooks.between = () => {
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
    createHooks.linkFails = 'EPERM';
    expect(createFileWhole(path, 'mine\n')).toBe(true);
    expect(createHooks.linkFails).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
    expect(createFileWhole(path, 'again\n')).toBe(false);
    expect(readdirSync(dir)).toEqual(['store.key']);
  });
});

describe("the store's key file", () => {
  it('is one key for two stores created at once on one folder', async () => {
    const path = join(dir, 'store.key');
    let other: Buffer | undefined;
    createHooks.between = () => {
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
