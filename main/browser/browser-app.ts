import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppCore, AppCoreOptions, CoreLogger, KeyProvider } from '../core/app-core-api';
import { openAppCore } from '../core/app-core';
import { jsonSettingsStore } from '../core/json-settings-store';
import { defaultKeyProvider } from '../core/key-provider';
import { browserContentUrl } from '../../shared/ipc/bridge-paths';
import { loadBridgeScripts } from './bridge-bundle';
import type { BrowserHost } from './host';
import { startBrowserHost } from './host';

export interface BrowserAppOptions {
  /** The core's folder: encrypted store, vault, `store.key` (0600) and `settings.json`. */
  dataDir: string;
  rendererDir: string;
  /** The built first-screen prerender (dist/prerender); see BrowserHostOptions. */
  prerenderDir?: string;
  /** Points the app at this license server (else the saved setting). */
  serverUrl?: string;
  port?: number;
  /** Prebuilt dist/bridge/browser-bridge.js (its worker beside it); built in memory when absent. */
  bridgeScriptFile?: string;
  /** Defaults to SHELF_STORE_KEY when set, else `<dataDir>/store.key`. */
  keyProvider?: KeyProvider;
  logger: CoreLogger;
  /** Tuning passed to the core as is (tests shorten the sync period and backoff, say). */
  coreOptions?: Partial<
    Pick<
      AppCoreOptions,
      | 'syncIntervalMs'
      | 'deviceName'
      | 'backoff'
      | 'requestTimeoutMs'
      | 'syncOnStart'
      | 'licenseRoots'
    >
  >;
}

export interface BrowserApp {
  core: AppCore;
  host: BrowserHost;
  close(): Promise<void>;
}

/** The whole app behind the browser host: a core on `dataDir`, served on 127.0.0.1. */
export async function startBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  // Made private before anything writes into it (the settings file would create it 0755).
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const settings = jsonSettingsStore(path.join(options.dataDir, 'settings.json'));
  if (options.serverUrl) settings.set({ serverUrl: options.serverUrl });
  const bridgeScripts = await loadBridgeScripts(options.bridgeScriptFile);
  const core = await openAppCore({
    dataDir: options.dataDir,
    keyProvider: options.keyProvider ?? defaultKeyProvider(path.join(options.dataDir, 'store.key')),
    settings,
    contentUrl: browserContentUrl,
    logger: options.logger,
    ...options.coreOptions,
  });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      core,
      rendererDir: options.rendererDir,
      ...(options.prerenderDir ? { prerenderDir: options.prerenderDir } : {}),
      bridgeScripts,
      ...(options.port !== undefined ? { port: options.port } : {}),
      logger: options.logger,
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  return {
    core,
    host,
    async close() {
      await host.close();
      await core.close();
    },
  };
}
