import Store from 'electron-store';
import type { SettingsStore } from '../core/app-core-api';
import type { Settings } from '../../shared/ipc/contract';
import { settingsSchema } from '../../shared/ipc/contract';
import { parseOrThrow } from '../../shared/errors';
import { libraryViewSchema } from '../../shared/ipc/library-view';
import { libraryViewportSchema } from '../../shared/ipc/first-screen-contract';
import type { WindowBounds } from './window-state';

type StoredSettings = Settings & { window?: WindowBounds };

/** JSON schema electron-store checks on every read and write (a hand-edited file included). */
const schema = {
  serverUrl: { type: 'string', pattern: '^https?://' },
  theme: { type: 'string', enum: ['system', 'light', 'dark'] },
  // Checked in full by settingsSchema on the way out (get) and in (set).
  libraryView: { type: 'object' },
  libraryViewport: { type: 'object' },
  window: {
    type: 'object',
    properties: {
      x: { type: 'integer' },
      y: { type: 'integer' },
      width: { type: 'integer', minimum: 200 },
      height: { type: 'integer', minimum: 200 },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height'],
  },
} as const;

export interface ElectronSettings extends SettingsStore {
  getWindowBounds(): unknown;
  setWindowBounds(bounds: WindowBounds): void;
}

/**
 * Settings in electron-store (`settings.json` in userData). The file holds preferences only,
 * so an unreadable one is reset to the defaults rather than stopping the app.
 */
export function createElectronSettings(options: {
  defaultServerUrl: string;
  cwd?: string;
}): ElectronSettings {
  const store = new Store<StoredSettings>({
    name: 'settings',
    ...(options.cwd ? { cwd: options.cwd } : {}),
    schema,
    defaults: { serverUrl: options.defaultServerUrl, theme: 'system' },
    clearInvalidConfig: true,
  });
  const get = (): Settings => {
    const view = libraryViewSchema.safeParse(store.get('libraryView'));
    const viewport = libraryViewportSchema.safeParse(store.get('libraryViewport'));
    return {
      serverUrl: store.get('serverUrl'),
      theme: store.get('theme'),
      ...(view.success ? { libraryView: view.data } : {}),
      ...(viewport.success ? { libraryViewport: viewport.data } : {}),
    };
  };
  return {
    get,
    set(patch) {
      const next = parseOrThrow(settingsSchema, { ...get(), ...patch }, 'settings');
      store.set('serverUrl', next.serverUrl);
      store.set('theme', next.theme);
      if (next.libraryView) store.set('libraryView', next.libraryView);
      if (next.libraryViewport) store.set('libraryViewport', next.libraryViewport);
      return next;
    },
    getWindowBounds: () => store.get('window'),
    setWindowBounds: (bounds) => store.set('window', bounds),
  };
}
