import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rendererJsFlags } from '../../../main/core/renderer-js-flags';
import { channelNames, IPC_CHANNEL_PREFIX } from '../../../shared/ipc/contract';

/**
 * The real entry point (main/electron/main.ts) with the real core, electron-store and key
 * provider, against the fake electron module: what `electron .` would do, minus Chromium.
 */
vi.mock('electron', () => import('./fake-electron'));
process.env.SHELF_SERVER_URL = 'http://127.0.0.1:9';
afterAll(() => {
  delete process.env.SHELF_SERVER_URL;
});
const electron = await import('./fake-electron');
await import('../../../main/electron/main');
await vi.waitFor(() => expect(electron.recorded.windows).toHaveLength(1), { timeout: 10_000 });
const appFrame = { senderFrame: { url: 'shelf://app/index.html' } };
const call = (channel: string, input: unknown) =>
  electron.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + channel)!(appFrame, input);

describe('the Electron entry point with the real core', () => {
  it('opens the library, registers the contract and loads the app with the built preload', async () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      channelNames.map((n) => IPC_CHANNEL_PREFIX + n).sort(),
    );
    const window = electron.recorded.windows[0]!;
    // Relative to the bundle (dist/main/electron/main.js → dist/preload/preload.cjs).
    expect(String(window.options.webPreferences?.preload)).toMatch(
      /[/\\]preload[/\\]preload\.cjs$/,
    );
    // Not packaged (the fake's app.isPackaged is false): a development run keeps them.
    expect(window.options.webPreferences?.devTools).toBe(true);
    expect(await call('account.get', {})).toMatchObject({
      ok: true,
      value: { signedIn: false, serverUrl: 'http://127.0.0.1:9' },
    });
    expect(await call('settings.set', { theme: 'dark' })).toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });
    expect(await call('library.list', {})).toEqual({ ok: true, value: { items: [], total: 0 } });
  });

  it("gives the renderers this machine's V8 flags as a Chromium switch", () => {
    expect(electron.recorded.switches.get('js-flags')).toBe(
      rendererJsFlags(availableParallelism()),
    );
  });

  it('keeps the store key wrapped by safeStorage, not in a key file', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const userData = electron.app.getPath('userData');
    const keystore = JSON.parse(readFileSync(path.join(userData, 'keystore.json'), 'utf8')) as {
      wrappedKey: string;
    };
    expect(Buffer.from(keystore.wrappedKey, 'base64').toString()).toMatch(/^wrapped:[0-9a-f]{64}$/);
    expect(readdirSync(path.join(userData, 'library'))).not.toContain('store.key');
  });

  it('closes the core when the app quits', async () => {
    let prevented = false;
    electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(electron.recorded.quitCalled).toBe(true));
  });
});
