import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppCore } from '../core/app-core';
import { DEFAULT_SETTINGS } from '../core/json-settings-store';
import { fileKeyProvider } from '../core/key-provider';
import { demoCredentialsFromEnv } from './first-run-sign-in';
import { startShell } from './lifecycle';
import { createShellLogger, errorFields } from './logger';
import { redirectNativeAddon } from './native-binding';

/**
 * Electron's entry point (bundled to dist/main/electron/main.js). Paths are relative to the
 * bundle: dist/preload/preload.cjs and dist/renderer/ sit beside it in dist/.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const logger = createShellLogger('shelfkeeper');
if (process.env.SHELF_SQLITE_BINDING) {
  redirectNativeAddon('better_sqlite3.node', process.env.SHELF_SQLITE_BINDING);
}

startShell({
  openCore: openAppCore,
  keyFileProvider: fileKeyProvider,
  rendererDir: path.join(distDir, 'renderer'),
  preloadPath: path.join(distDir, 'preload', 'preload.cjs'),
  defaultServerUrl: DEFAULT_SETTINGS.serverUrl,
  serverUrl: process.env.SHELF_SERVER_URL,
  demoCredentials: demoCredentialsFromEnv(),
  userDataDir: process.env.SHELF_USER_DATA_DIR || undefined,
  logger,
}).catch((error: unknown) => {
  logger.error('Shelfkeeper failed to start', errorFields(error));
  process.exit(1);
});
