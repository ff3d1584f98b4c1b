import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { openAppCore } from '../core/app-core';
import { DEFAULT_SETTINGS } from '../core/json-settings-store';
import { fileKeyProvider } from '../core/key-provider';
import { rendererJsFlags } from '../core/renderer-js-flags';
import { launchOptions } from './launch-options';
import { startShell } from './lifecycle';
import { createShellLogger, errorFields } from './logger';
import { redirectNativeAddon } from './native-binding';

/**
 * Electron's entry point (bundled to dist/main/electron/main.js). Paths are relative to the
 * bundle: dist/preload/preload.cjs and dist/renderer/ sit beside it in dist/.
 */
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const logger = createShellLogger('shelfkeeper');
// Development-only environment variables: an installed app ignores them (launch-options.ts).
const launch = launchOptions(process.env, app.isPackaged);
if (launch.sqliteBinding) redirectNativeAddon('better_sqlite3.node', launch.sqliteBinding);
// Before the first window: the renderer processes take the switch when they start.
const jsFlags = rendererJsFlags(availableParallelism());
if (jsFlags) app.commandLine.appendSwitch('js-flags', jsFlags);

startShell({
  openCore: openAppCore,
  keyFileProvider: fileKeyProvider,
  rendererDir: path.join(distDir, 'renderer'),
  prerenderDir: path.join(distDir, 'prerender'),
  preloadPath: path.join(distDir, 'preload', 'preload.cjs'),
  defaultServerUrl: DEFAULT_SETTINGS.serverUrl,
  serverUrl: launch.serverUrl,
  demoCredentials: launch.demoCredentials,
  userDataDir: launch.userDataDir,
  devTools: launch.devTools,
  licenseRoots: launch.licenseRoots,
  updates: {
    // electron-updater's autoUpdater is built on first use, and needs the running app.
    createUpdater: () => electronUpdater.autoUpdater,
    enabled: app.isPackaged || launch.forceUpdates,
    feedUrl: launch.updateUrl,
  },
  logger,
}).catch((error: unknown) => {
  logger.error('Shelfkeeper failed to start', errorFields(error));
  process.exit(1);
});
