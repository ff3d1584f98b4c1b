import Store from 'electron-store';
import type { SettingsStore } from '../core/app-core-api';
import type { Settings } from '../../shared/ipc/contract';
import { settingsSchema } from '../../shared/ipc/contract';
import { parseOrThrow } from '../../shared/errors';
import type { WindowBounds } from './window-state';

type StoredSettings = Settings & { window?: WindowBounds };

/** JSON schema electron-store checks on every read and write (a hand-edited file included). */
const schema = {
  serverUrl: { type: 'string', pattern: '^https?://' },
  theme: { type: 'string', enum: ['system', 'light', 'dark'] },
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
  const get = (): Settings => ({ serverUrl: store.get('serverUrl'), theme: store.get('theme') });
  return {
    get,
    set(patch) {
      const next = parseOrThrow(settingsSchema, { ...get(), ...patch }, 'settings');
      store.set('serverUrl', next.serverUrl);
      store.set('theme', next.theme);
      return next;
    },
    getWindowBounds: () => store.get('window'),
    setWindowBounds: (bounds) => store.set('window', bounds),
  };
}
