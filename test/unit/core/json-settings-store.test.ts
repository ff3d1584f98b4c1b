import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, jsonSettingsStore } from '../../../main/core/json-settings-store';
import { tempDir } from '../../fixtures/core-fixtures';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
const newFile = () => {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir.path, 'nested', 'settings.json');
};

describe('JSON settings store', () => {
  it('starts from the defaults, persists a valid patch and refuses an invalid one', () => {
    const file = newFile();
    const store = jsonSettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.set({ theme: 'dark' })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(() => store.set({ serverUrl: 'ftp://example.test' })).toThrow();
    expect(jsonSettingsStore(file).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('falls back to the defaults on a damaged file', () => {
    const file = newFile();
    jsonSettingsStore(file).set({ theme: 'light' });
    writeFileSync(file, '{ not json');
    expect(jsonSettingsStore(file).get()).toEqual(DEFAULT_SETTINGS);
    writeFileSync(file, JSON.stringify({ theme: 'neon', serverUrl: 'ftp://127.0.0.1:1' }));
    expect(jsonSettingsStore(file).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('drops only the field that is not valid, and keeps the others', () => {
    const file = newFile();
    jsonSettingsStore(file).set({ theme: 'light' });
    writeFileSync(
      file,
      JSON.stringify({
        serverUrl: 'http://127.0.0.1:4321',
        theme: 'dark',
        libraryViewport: { width: -5, height: 'tall' },
      }),
    );
    expect(jsonSettingsStore(file).get()).toEqual({
      serverUrl: 'http://127.0.0.1:4321',
      theme: 'dark',
    });
  });
});
