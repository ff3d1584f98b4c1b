import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fileKeyProvider } from '../../../main/core/key-provider';
import type {
  SafeStorageLike,
  WrappedKeyStore,
} from '../../../main/electron/safe-storage-key-provider';

// The module also holds the electron-store binding, which imports electron.
vi.mock('electron', () => import('./fake-electron'));
const { createSafeStorageKeyProvider } =
  await import('../../../main/electron/safe-storage-key-provider');

function setup(safeStorage: Partial<SafeStorageLike> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shelf-key-'));
  let wrapped: string | undefined;
  const keyStore: WrappedKeyStore = { get: () => wrapped, set: (value) => void (wrapped = value) };
  const warnings: string[] = [];
  const keyFile = path.join(dir, 'store.key');
  const provider = createSafeStorageKeyProvider({
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain) => Buffer.from(`wrapped:${plain}`),
      decryptString: (buffer) => {
        const text = buffer.toString();
        if (!text.startsWith('wrapped:')) throw new Error('decrypt failed');
        return text.slice(8);
      },
      ...safeStorage,
    },
    keyStore,
    fallback: fileKeyProvider(keyFile),
    logger: { info: () => {}, warn: (message) => warnings.push(message), error: () => {} },
  });
  return {
    provider,
    keyFile,
    warnings,
    wrapped: () => wrapped,
    setWrapped: (value: string) => (wrapped = value),
  };
}

describe('the safeStorage key provider', () => {
  it('creates a 32-byte key, keeps it only wrapped, and returns the same key later', async () => {
    const { provider, wrapped } = setup();
    const key = await provider.getKey({ create: true });
    expect(key).toHaveLength(32);
    expect(wrapped()).toBeDefined();
    expect(wrapped()).not.toContain(key.toString('hex'));
    expect(await provider.getKey({ create: false })).toEqual(key);
  });

  it('refuses to invent a key for an existing store', async () => {
    const { provider } = setup();
    await expect(provider.getKey({ create: false })).rejects.toMatchObject({
      code: 'STORE_KEY_INVALID',
    });
  });

  it('reports a key the keychain cannot unwrap as STORE_KEY_INVALID', async () => {
    const { provider, setWrapped } = setup();
    setWrapped(Buffer.from('garbage').toString('base64'));
    await expect(provider.getKey({ create: false })).rejects.toMatchObject({
      code: 'STORE_KEY_INVALID',
    });
  });

  it('falls back to the key file with a warning where safeStorage is unavailable', async () => {
    const { provider, keyFile, warnings, wrapped } = setup({ isEncryptionAvailable: () => false });
    const key = await provider.getKey({ create: true });
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(key.toString('hex'));
    expect(wrapped()).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/keychain is not available/);
  });

  it('treats the basic_text backend (a hard-coded password) as unavailable', async () => {
    const { provider, warnings, wrapped } = setup({
      getSelectedStorageBackend: () => 'basic_text',
    });
    await provider.getKey({ create: true });
    expect(wrapped()).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('keeps using a key file made earlier once safeStorage becomes available', async () => {
    const { provider, keyFile, wrapped } = setup();
    const hex = 'ab'.repeat(32);
    writeFileSync(keyFile, hex, { mode: 0o600 });
    expect((await provider.getKey({ create: false })).toString('hex')).toBe(hex);
    expect(wrapped()).toBeUndefined();
  });
});
