import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import type { AppCore, AppCoreOptions, CoreLogger, KeyProvider } from '../core/app-core-api';
import { isAppError } from '../../shared/errors';
import { APP_SCHEME, contentUrl } from './app-origin';
import { RENDERER_CSP } from '../../shared/renderer-csp';
import type { DemoCredentials } from './first-run-sign-in';
import { signInOnFirstRun } from './first-run-sign-in';
import { electronFolderPicker } from './folder-picker';
import { registerIpcHandlers } from './ipc-handlers';
import { firstScreenSeed } from '../core/first-screen-seed';
import { loadFirstScreenPrerender } from '../core/first-screen-prerender';
import { errorFields } from './logger';
import { openMainWindow } from './main-window';
import { guardNavigation } from './navigation-guard';
import { createSafeStorageKeyProvider, electronKeyStore } from './safe-storage-key-provider';
import { createElectronSettings } from './settings-store';
import { createShelfProtocolHandler, SHELF_SCHEME_PRIVILEGES } from './shelf-protocol';
import type { UpdaterOptions } from './updater';
import { createUpdateService } from './updater';

export interface ShellConfig {
  openCore: (options: AppCoreOptions) => Promise<AppCore>;
  /** The core's key file provider, used where safeStorage cannot protect the key. */
  keyFileProvider: (keyFile: string) => KeyProvider;
  rendererDir: string;
  /** The built first-screen prerender (dist/prerender); absent, index.html carries the seed alone. */
  prerenderDir?: string;
  preloadPath: string;
  defaultServerUrl: string;
  /** Forces the server URL (npm start points the app at its embedded server). */
  serverUrl?: string;
  demoCredentials?: DemoCredentials | null;
  /** Replaces Electron's userData folder (tests, a second profile). */
  userDataDir?: string;
  /** Chromium's developer tools; main.ts turns them off in installed builds. */
  devTools?: boolean;
  /** Root keys to trust instead of the shipped ones (development: the embedded server's). */
  licenseRoots?: readonly string[];
  /** Auto-update (updater.ts); absent = off, as in a development run. */
  updates?: Omit<UpdaterOptions, 'logger'>;
  logger: CoreLogger;
}

/**
 * The Electron app's lifecycle: one instance, a sandbox for every renderer, guards on every
 * WebContents, then (once ready) the core, the `shelf://` protocol, the IPC handlers and the
 * window. Everything with logic lives in plain modules; this file only wires them to Electron.
 */
export function startShell(config: ShellConfig): Promise<void> {
  // Both must happen before `ready`.
  protocol.registerSchemesAsPrivileged([SHELF_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  if (config.userDataDir) app.setPath('userData', config.userDataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }

  const { logger } = config;
  let window: BrowserWindow | null = null;
  let core: AppCore | null = null;

  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, shell, (what, url) =>
      logger.warn('Navigation refused', { what, url }),
    );
  });
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const updates = createUpdateService({
    createUpdater: () => {
      throw new Error('updates are off');
    },
    enabled: false,
    ...config.updates,
    configDir: app.getPath('userData'),
    logger,
  });

  let closing = false;
  app.on('will-quit', (event) => {
    updates.stop();
    if (!core || closing) return;
    closing = true;
    event.preventDefault();
    const closingCore = core;
    core = null;
    closingCore
      .close()
      .catch((error: unknown) => logger.error('Closing the library failed', errorFields(error)))
      .finally(() => app.quit());
  });

  return app.whenReady().then(async () => {
    hardenSession();
    // Loaded beside the core's opening.
    const loadingPrerender = loadFirstScreenPrerender(config.prerenderDir, (error) =>
      logger.error('The first-screen prerender could not be loaded', errorFields(error)),
    );
    const userData = app.getPath('userData');
    const settings = createElectronSettings({ defaultServerUrl: config.defaultServerUrl });
    if (config.serverUrl) settings.set({ serverUrl: config.serverUrl });
    const keyProvider = createSafeStorageKeyProvider({
      safeStorage,
      keyStore: electronKeyStore(),
      fallback: config.keyFileProvider(path.join(userData, 'library', 'store.key')),
      logger,
    });
    try {
      core = await config.openCore({
        dataDir: path.join(userData, 'library'),
        keyProvider,
        settings,
        contentUrl,
        pickFolder: electronFolderPicker(dialog, () =>
          window && !window.isDestroyed() ? window : null,
        ),
        logger,
        updates,
        ...(config.licenseRoots ? { licenseRoots: config.licenseRoots } : {}),
      });
    } catch (error) {
      logger.error('The library could not be opened', errorFields(error));
      dialog.showErrorBox(
        'Shelfkeeper cannot open your library',
        isAppError(error) ? error.message : String(error),
      );
      app.exit(1);
      return;
    }
    const opened = core;
    const onUnexpected = (error: unknown, channel: string) =>
      logger.error('IPC handler failed', { channel, ...errorFields(error) });
    const prerender = await loadingPrerender;
    protocol.handle(
      APP_SCHEME,
      createShelfProtocolHandler({
        openContent: (id) => opened.openContent(id),
        firstScreenSeed: () => firstScreenSeed(opened.handlers, onUnexpected),
        prerender,
        rendererDir: config.rendererDir,
        onUnexpected: (error) => logger.error('Serving content failed', errorFields(error)),
      }),
    );
    registerIpcHandlers(ipcMain, opened.handlers, onUnexpected);
    if (config.demoCredentials) {
      await signInOnFirstRun(
        opened.handlers,
        config.demoCredentials,
        path.join(userData, 'demo-signed-in'),
      ).catch((error: unknown) =>
        logger.warn('Signing in the demo user failed', errorFields(error)),
      );
    }
    const open = () => {
      window = openMainWindow({
        core: opened,
        settings,
        preloadPath: config.preloadPath,
        devTools: config.devTools ?? false,
      });
    };
    open();
    updates.start();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
}

/**
 * No permission (camera, notifications, …) is ever granted. Any response without a CSP of its
 * own gets the app's (the shelf:// handler sets one on everything it serves, stricter for
 * content, and that one is kept).
 */
function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = details.responseHeaders ?? {};
    const hasCsp = Object.keys(headers).some(
      (name) => name.toLowerCase() === 'content-security-policy',
    );
    callback({
      responseHeaders: hasCsp ? headers : { ...headers, 'Content-Security-Policy': [RENDERER_CSP] },
    });
  });
}
