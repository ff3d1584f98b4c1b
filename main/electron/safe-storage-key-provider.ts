import { randomBytes } from 'node:crypto';
import Store from 'electron-store';
import type { CoreLogger, KeyProvider } from '../core/app-core-api';
import { AppError } from '../../shared/errors';

/** The slice of Electron's safeStorage used here (a fake in unit tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** Where the wrapped key is kept: electron-store in the app, a Map in tests. */
export interface WrappedKeyStore {
  get(): string | undefined;
  set(wrapped: string): void;
}

export function electronKeyStore(cwd?: string): WrappedKeyStore {
  // Never cleared on a bad read: losing this file would lock the user out of their library.
  const store = new Store<{ wrappedKey?: string }>({
    name: 'keystore',
    ...(cwd ? { cwd } : {}),
    schema: { wrappedKey: { type: 'string' } },
    clearInvalidConfig: false,
  });
  return { get: () => store.get('wrappedKey'), set: (wrapped) => store.set('wrappedKey', wrapped) };
}

/**
 * safeStorage is only worth using when the OS protects its key: on Linux without a secret
 * service Electron falls back to `basic_text`, a hard-coded password, no better than a 0600 file.
 */
export function safeStorageUsable(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

/**
 * The store key, wrapped by the OS keychain through safeStorage and kept in electron-store.
 * Where safeStorage cannot protect it, the core's key file (mode 0600) is used instead, with a
 * warning saying so. A key that exists but cannot be unwrapped is an error (STORE_KEY_INVALID),
 * never a reason to create a new, empty store.
 */
export function createSafeStorageKeyProvider(deps: {
  safeStorage: SafeStorageLike;
  keyStore: WrappedKeyStore;
  fallback: KeyProvider;
  logger: CoreLogger;
}): KeyProvider {
  const { safeStorage, keyStore, fallback, logger } = deps;
  let warned = false;
  const useFallback = (create: boolean) => {
    if (!warned) {
      warned = true;
      logger.warn(
        'The OS keychain is not available to protect the library key, so it is kept in a key file ' +
          'readable only by this user. Install or unlock a keychain (e.g. GNOME Keyring) for stronger protection.',
        { keyFile: fallback.describe() },
      );
    }
    return fallback.getKey({ create });
  };

  return {
    describe: () => 'the library key protected by the OS keychain (Electron safeStorage)',
    async getKey({ create }) {
      const wrapped = keyStore.get();
      if (wrapped) {
        if (!safeStorage.isEncryptionAvailable()) {
          throw new AppError(
            'STORE_KEY_INVALID',
            'The OS keychain that protects the library key is not available.',
          );
        }
        return unwrap(safeStorage, wrapped);
      }
      if (!safeStorageUsable(safeStorage)) return useFallback(create);
      // A store created earlier with the key file keeps using it.
      try {
        return await fallback.getKey({ create: false });
      } catch (error) {
        if (!create) throw error;
      }
      const key = randomBytes(32);
      keyStore.set(safeStorage.encryptString(key.toString('hex')).toString('base64'));
      return key;
    },
  };
}

function unwrap(safeStorage: SafeStorageLike, wrapped: string): Buffer {
  let hex: string;
  try {
    hex = safeStorage.decryptString(Buffer.from(wrapped, 'base64'));
  } catch {
    throw new AppError(
      'STORE_KEY_INVALID',
      'The library key could not be unlocked by the OS keychain.',
    );
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new AppError('STORE_KEY_INVALID', 'The library key kept by the OS keychain is damaged.');
  }
  return Buffer.from(hex, 'hex');
}
