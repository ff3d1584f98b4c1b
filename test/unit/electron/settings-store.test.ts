import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));
const { createElectronSettings } = await import('../../../main/electron/settings-store');

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'shelf-settings-'));

describe('electron-store settings', () => {
  it('starts from the defaults and persists changes across instances', () => {
    const cwd = freshDir();
    const first = createElectronSettings({ defaultServerUrl: 'http://127.0.0.1:4310', cwd });
    expect(first.get()).toEqual({ serverUrl: 'http://127.0.0.1:4310', theme: 'system' });
    expect(first.set({ theme: 'dark' })).toEqual({
      serverUrl: 'http://127.0.0.1:4310',
      theme: 'dark',
    });
    first.setWindowBounds({ x: 5, y: 6, width: 900, height: 600, maximized: true });
    const second = createElectronSettings({ defaultServerUrl: 'http://127.0.0.1:1', cwd });
    expect(second.get()).toEqual({ serverUrl: 'http://127.0.0.1:4310', theme: 'dark' });
    expect(second.getWindowBounds()).toEqual({
      x: 5,
      y: 6,
      width: 900,
      height: 600,
      maximized: true,
    });
  });

  it("keeps the library's last measured size for the next start's prerender", () => {
    const cwd = freshDir();
    const first = createElectronSettings({ defaultServerUrl: 'http://127.0.0.1:4310', cwd });
    first.set({ libraryViewport: { width: 1030, height: 420 } });
    const second = createElectronSettings({ defaultServerUrl: 'http://127.0.0.1:4310', cwd });
    expect(second.get().libraryViewport).toEqual({ width: 1030, height: 420 });
    expect(() => second.set({ libraryViewport: { width: -1, height: 420 } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(second.get().libraryViewport).toEqual({ width: 1030, height: 420 });
  });

  it('refuses invalid values with VALIDATION_FAILED and keeps the old ones', () => {
    const settings = createElectronSettings({
      defaultServerUrl: 'http://127.0.0.1:4310',
      cwd: freshDir(),
    });
    expect(() => settings.set({ serverUrl: 'ftp://example.com' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => settings.set({ theme: 'neon' as 'dark' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(settings.get().serverUrl).toBe('http://127.0.0.1:4310');
  });

  it('lets the schema refuse a window state that is not one', () => {
    const settings = createElectronSettings({
      defaultServerUrl: 'http://127.0.0.1:4310',
      cwd: freshDir(),
    });
    expect(() => settings.setWindowBounds({ width: 'x' } as never)).toThrow();
  });
});
