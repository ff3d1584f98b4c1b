import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, ERROR_SENTENCES } from '../../shared/errors';
import type { UpdateState } from '../../shared/ipc/updates';
import { serverAddressProblem } from '../../shared/server-address';
import type { CoreLogger } from '../core/app-core-api';
import type { UpdateService } from '../core/updates';

/**
 * The part of electron-updater's `AppUpdater` this module drives: the real `autoUpdater` in the
 * app, an updater built on a Node app adapter in the tests (no Electron there).
 */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  forceDevUpdateConfig: boolean;
  updateConfigPath: string | null;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterOptions {
  /** Builds the updater; called only when updates are on (it needs a running Electron app). */
  createUpdater: () => UpdaterLike;
  /** Installed builds; a development run only when forced (SHELF_UPDATE_FORCE=1). */
  enabled: boolean;
  /** Instead of the packaged feed (resources/app-update.yml); development runs only. */
  feedUrl?: string;
  /** Where the development feed's dev-app-update.yml is written (the app's userData). */
  configDir?: string;
  logger: CoreLogger;
  /** Period of the background check; 0 = only at start and on demand. */
  intervalMs?: number;
}

const DEFAULT_INTERVAL_MS = 4 * 60 * 60 * 1000;
const BUSY = new Set<UpdateState['status']>(['checking', 'downloading', 'ready']);

const state = (
  status: UpdateState['status'],
  extra: Partial<Omit<UpdateState, 'status'>> = {},
): UpdateState => ({ status, version: null, percent: null, message: null, ...extra });

/**
 * Auto-update with electron-updater's generic provider: check at start and every few hours, a
 * newer version downloads at once (its progress shown in Settings), "Restart to update" installs
 * it, and quitting installs it too. The feed has the same https rule as the license server, and
 * electron-updater checks each download's sha512 against the feed's latest*.yml.
 */
export function createUpdateService(options: UpdaterOptions): UpdateService & {
  start(): void;
  stop(): void;
} {
  const listeners = new Set<(state: UpdateState) => void>();
  let current = state(options.enabled ? 'idle' : 'disabled');
  let timer: NodeJS.Timeout | null = null;
  const set = (next: UpdateState) => {
    current = next;
    for (const listener of listeners) listener(next);
  };

  let updater: UpdaterLike | null = null;
  if (options.enabled) {
    const problem = options.feedUrl ? serverAddressProblem(options.feedUrl) : null;
    if (problem) {
      current = state('error', { message: ERROR_SENTENCES[problem] });
    } else {
      updater = options.createUpdater();
      updater.autoDownload = true;
      updater.autoInstallOnAppQuit = true;
      if (options.feedUrl) {
        // A development run has no resources/app-update.yml: this file, written the way
        // electron-builder writes that one, stands in for it (JSON is YAML).
        updater.forceDevUpdateConfig = true;
        updater.updateConfigPath = writeFeedConfig(options.configDir ?? tmpdir(), options.feedUrl);
      }
      updater.on('checking-for-update', () => set(state('checking')));
      updater.on('update-not-available', () => set(state('up-to-date')));
      updater.on('update-available', (info) =>
        set(state('available', { version: info.version, percent: 0 })),
      );
      updater.on('download-progress', (progress) =>
        set(
          state('downloading', {
            version: current.version,
            percent: Math.min(100, Math.max(0, Math.round(progress.percent * 10) / 10)),
          }),
        ),
      );
      updater.on('update-downloaded', (info) =>
        set(state('ready', { version: info.version, percent: 100 })),
      );
      updater.on('error', (error) => {
        options.logger.warn('Update failed', { message: error.message });
        set(
          state('error', {
            version: current.version,
            message: 'The update could not be checked or downloaded. The app will try again later.',
          }),
        );
      });
    }
  }

  const check = async (): Promise<UpdateState> => {
    if (!updater || BUSY.has(current.status)) return current;
    try {
      const result = (await updater.checkForUpdates()) as {
        downloadPromise?: Promise<unknown>;
      } | null;
      // The download runs on; its outcome arrives as events (and an error is reported there).
      result?.downloadPromise?.catch(() => {});
    } catch {
      // Reported through the 'error' event.
    }
    return current;
  };

  return {
    state: () => current,
    check,
    install() {
      if (!updater || current.status !== 'ready') throw new AppError('UPDATE_NOT_READY');
      const ready = updater;
      // After this call's answer has gone back to the window.
      setImmediate(() => ready.quitAndInstall(false, true));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (!updater) return;
      void check();
      const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
      if (intervalMs > 0) {
        timer = setInterval(() => void check(), intervalMs);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function writeFeedConfig(dir: string, url: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'dev-app-update.yml');
  const config = { provider: 'generic', url, updaterCacheDirName: 'shelfkeeper-updater' };
  writeFileSync(file, JSON.stringify(config) + '\n');
  return file;
}
