import type { Readable } from 'node:stream';
import type { ContentKind } from '../../shared/api/common';
import type { Settings } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/bridge';
import type { DownloadMarker } from './library/download-mark';
import type { FolderPicker } from './library/save-package';
import type { UpdateService } from './updates';

/**
 * The seam between the app core and its transports (Electron IPC, the browser host). A transport
 * only needs this file: it routes every contract channel to `handlers`, forwards `subscribe`
 * events to the renderer, and serves `openContent` streams at the URL `contentUrl` builds.
 */

/** The 32-byte store key. Electron wraps it with safeStorage; tests use a key file or env. */
export interface KeyProvider {
  /** Returns the key; creates and persists one only when `create` is true (a new store). */
  getKey(options: { create: boolean }): Promise<Buffer>;
  /** A short description for error messages, never the key itself. */
  describe(): string;
}

/** Where settings live: electron-store in Electron, a JSON file in the browser host and tests. */
export interface SettingsStore {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

export interface CoreLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface AppCoreOptions {
  /** Folder for the encrypted store and the vault. */
  dataDir: string;
  keyProvider: KeyProvider;
  settings: SettingsStore;
  /** Builds the URL the viewer loads a content from (transport-specific, e.g. shelf://content/<id>). */
  contentUrl: (contentId: string) => string;
  /**
   * Asks the user for a folder to save a software package into (Electron's native dialog);
   * absent, `content.saveToFolder` answers with a download of the package file instead.
   */
  pickFolder?: FolderPicker;
  /**
   * How saved packages are marked as downloaded from the internet (download-mark.ts); default
   * the mark of the platform the app runs on.
   */
  markDownload?: DownloadMarker;
  deviceName?: string;
  logger?: CoreLogger;
  /** Period of the background sync; 0 disables the timer (tests). Default 30 s. */
  syncIntervalMs?: number;
  /** Retry delays after a transient failure (exponential with jitter). Default 1 s … 5 min. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Timeout of one API request. Default 15 s. */
  requestTimeoutMs?: number;
  /** Run a sync right after opening (default true; tests may prefer to call `sync.now`). */
  syncOnStart?: boolean;
  /**
   * Fetch the catalog's covers after each sync (default true). Tests about other things turn it
   * off so their vault holds only what they put there (test/fixtures/core-integration.ts).
   */
  catalogCovers?: boolean;
  /** Fault-injection seams for crash tests. The app never sets them. */
  faults?: CoreFaults;
  /** The app's own updates (Electron); default: managed elsewhere (`unsupported`). */
  updates?: UpdateService;
  /**
   * Root public keys (raw Ed25519, base64url) the server's key set must be signed by. Default:
   * the ones this build ships with (build/license-roots.json); development and tests pass the
   * root of the server they run (docs/design.md §7.4).
   */
  licenseRoots?: readonly string[];
  /** Milliseconds clock; tests move it past an offline lease's end. Default Date.now. */
  clock?: () => number;
  /**
   * Milliseconds since the computer started; tests stand in for a restart of the computer.
   * Default the operating system's uptime.
   */
  uptime?: () => number;
}

export interface CoreFaults {
  /** Runs after a receipt is stored and before any file is deleted (a test kills the process here). */
  afterReceiptStored?: () => Promise<void>;
}

export interface OpenedStream {
  kind: ContentKind;
  mime: string;
  size: number;
  title: string;
  /** Decrypted bytes, produced only after the license signature and state were checked. */
  stream: Readable;
}

export interface AppCore {
  /** One handler per IPC channel of the contract. Inputs arrive already validated. */
  readonly handlers: Handlers;
  /** Subscribes to every event for the renderer; returns an unsubscribe function. */
  subscribe(
    listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void,
  ): () => void;
  /** Opens a content for the viewer (license verified first). Throws AppError otherwise. */
  openContent(contentId: string): Promise<OpenedStream>;
  close(): Promise<void>;
}
