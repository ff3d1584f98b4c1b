import path from 'node:path';

type Dlopen = (module: object, filename: string, flags?: number) => void;

/**
 * Loads `replacement` whenever a native addon named `addonFile` is opened. Only for `npm start`:
 * node_modules holds better-sqlite3 built for Node (the server and the tests need that build), so
 * the dev run points Electron's main process at a copy rebuilt for Electron's ABI
 * (SHELF_SQLITE_BINDING, prepared by scripts/start.ts). Installed apps never set it: there,
 * electron-builder rebuilt the module for Electron in place.
 */
export function redirectNativeAddon(
  addonFile: string,
  replacement: string,
  target: { dlopen: Dlopen } = process as unknown as { dlopen: Dlopen },
): void {
  const original = target.dlopen.bind(target);
  target.dlopen = (module, filename, flags) =>
    original(module, path.basename(filename) === addonFile ? replacement : filename, flags);
}
