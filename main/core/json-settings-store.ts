import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/ipc/contract';
import type { SettingsStore } from './app-core-api';

export const DEFAULT_SETTINGS: Settings = { serverUrl: 'http://127.0.0.1:8787', theme: 'system' };

/**
 * Settings in a JSON file (the browser host and tests; Electron uses electron-store). A missing
 * or invalid file yields the defaults merged with whatever fields are still valid.
 */
export function jsonSettingsStore(
  path: string,
  defaults: Settings = DEFAULT_SETTINGS,
): SettingsStore {
  let current = load(path, defaults);
  return {
    get: () => ({ ...current }),
    set(patch) {
      const next = settingsSchema.parse({ ...current, ...patch });
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(next, null, 2) + '\n');
      renameSync(temp, path);
      current = next;
      return { ...current };
    },
  };
}

function load(path: string, defaults: Settings): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ...defaults };
  }
  // Field by field: one that is not valid (a hand edit, another version's) falls back alone, and
  // the others (the server's address, the theme, the library's view) are kept.
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = { ...defaults };
  for (const [name, field] of Object.entries(settingsSchema.shape)) {
    const parsed = field.safeParse(stored[name]);
    if (parsed.success && parsed.data !== undefined) kept[name] = parsed.data;
  }
  const parsed = settingsSchema.safeParse(kept);
  return parsed.success ? parsed.data : { ...defaults };
}
