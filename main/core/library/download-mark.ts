import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import type { SettingsStore } from '../app-core-api';

/**
 * Marks what a package save wrote as downloaded from the internet, the way a browser marks its
 * downloads, so the operating system checks a program from it before its first run (Windows
 * SmartScreen, macOS Gatekeeper; docs/design.md §11.6). Resolves with how many paths were
 * marked; a platform without such a mark marks none.
 */
export type DownloadMarker = (written: WrittenPaths) => Promise<number>;

/** Absolute paths a save wrote: its files, and the folders it made for them. */
export interface WrittenPaths {
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

/** Where the package came from: the license server's origin, never a path or a token. */
export interface DownloadSource {
  readonly origin: string;
}

/**
 * Windows' Mark of the Web: a `Zone.Identifier` alternate data stream holding the Internet zone
 * (3), written beside each file as `file:Zone.Identifier`, which NTFS stores as a stream of the
 * file. Explorer marks every file it unpacks from a marked zip; a folder has no mark of its own.
 */
export function zoneIdentifier(source: DownloadSource): string {
  return `[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=${source.origin}/\r\n`;
}

/**
 * macOS quarantine: the `com.apple.quarantine` extended attribute,
 * `flags;seconds since 1970 in hex;agent;event id`. 0083 is what a browser's download carries
 * (quarantined, downloaded, not yet approved by the user).
 */
export function quarantineValue(at: Date, eventId: string = randomUUID()): string {
  const seconds = Math.floor(at.getTime() / 1000).toString(16);
  return `0083;${seconds};Shelfkeeper;${eventId.toUpperCase()}`;
}

/** The most paths handed to one `xattr` run, well under any command-line limit. */
const XATTR_BATCH = 200;

export interface DownloadMarkerOptions {
  readonly platform: NodeJS.Platform;
  /** Asked at each save: the server address is a setting the user may change. */
  readonly source: () => DownloadSource;
  readonly now: () => Date;
  /** macOS' own tool; Node has no call that sets an extended attribute. */
  readonly xattrPath?: string;
}

/**
 * The marker for a platform. Windows: a Zone.Identifier stream on each file (a folder cannot
 * carry one). macOS: the quarantine attribute on each file and folder (an `.app` bundle is a
 * folder, and Gatekeeper reads the bundle's own attribute).
 * Elsewhere (Linux, the BSDs) no desktop gates a program on such a mark, so none is written.
 */
export function downloadMarker(options: DownloadMarkerOptions): DownloadMarker {
  if (options.platform === 'win32') {
    return async ({ files }) => {
      const stream = zoneIdentifier(options.source());
      for (const file of files) await writeFile(`${file}:Zone.Identifier`, stream);
      return files.length;
    };
  }
  if (options.platform === 'darwin') {
    const run = promisify(execFile);
    const xattr = options.xattrPath ?? '/usr/bin/xattr';
    return async ({ files, folders }) => {
      const paths = [...folders, ...files];
      const value = quarantineValue(options.now());
      for (let at = 0; at < paths.length; at += XATTR_BATCH) {
        const batch = paths.slice(at, at + XATTR_BATCH);
        // `--` so a path can never be read as an option.
        await run(xattr, ['-w', 'com.apple.quarantine', value, '--', ...batch]);
      }
      return paths.length;
    };
  }
  return async () => 0;
}

/**
 * This machine's marker for packages from the license server the settings name now: the one
 * the app core uses, and the one its tests use, so both mark the same way.
 */
export function settingsDownloadMarker(settings: SettingsStore, now: () => Date): DownloadMarker {
  return downloadMarker({
    platform: process.platform,
    source: () => ({ origin: new URL(settings.get().serverUrl).origin }),
    now,
  });
}
