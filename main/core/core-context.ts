import type { CoreFaults, CoreLogger, SettingsStore } from './app-core-api';
import type { ApiClient } from './api/api-client';
import type { CoreEvents } from './events';
import type { Store } from './store/store';
import type { DownloadMarker } from './library/download-mark';
import type { FolderPicker } from './library/save-package';
import type { Vault } from './vault/vault';

/** What every part of the core shares; built once by openAppCore. */
export interface CoreContext {
  readonly store: Store;
  readonly vault: Vault;
  readonly api: ApiClient;
  readonly events: CoreEvents;
  readonly logger: CoreLogger;
  readonly settings: SettingsStore;
  readonly deviceName: string;
  readonly contentUrl: (contentId: string) => string;
  /** The host's folder dialog (Electron); null where there is none (the browser host). */
  readonly pickFolder: FolderPicker | null;
  /** Marks what a package save wrote as downloaded from the internet (docs/design.md §11.6). */
  readonly markDownload: DownloadMarker;
  readonly faults: CoreFaults;
  /** The pinned root public keys: the only source of trust for license signing keys. */
  readonly licenseRoots: readonly string[];
  now(): string;
  /**
   * Milliseconds since the computer started: a clock the device's date setting does not move,
   * which the offline lease counts time with (lease-clock.ts).
   */
  uptimeMs(): number;
  /** False once the server was found unreachable, until it answers again. */
  isOnline(): boolean;
  /** Asks the sync engine for a run soon (after a purchase, a receipt, regained network). */
  requestSync(): void;
}

export const silentLogger: CoreLogger = { info: () => {}, warn: () => {}, error: () => {} };
