import { describe, expect, it, vi } from 'vitest';
import { channelNames, IPC_CHANNEL_PREFIX, IPC_EVENT_PREFIX } from '../../../shared/ipc/contract';
import { fileKeyProvider } from '../../../main/core/key-provider';
import { fakeCore } from './fake-core';

vi.mock('electron', () => import('./fake-electron'));

const electron = await import('./fake-electron');
const { startShell } = await import('../../../main/electron/lifecycle');

const warnings: string[] = [];
const logger = {
  info: () => {},
  warn: (message: string) => warnings.push(message),
  error: () => {},
};
const fake = fakeCore();

await startShell({
  openCore: fake.open,
  keyFileProvider: fileKeyProvider,
  rendererDir: '/nonexistent-renderer',
  preloadPath: '/app/dist/preload/preload.cjs',
  defaultServerUrl: 'http://127.0.0.1:4310',
  logger,
});
const window = electron.recorded.windows[0]!;
const contents = window.webContents;

describe('the Electron shell, started against a fake electron module', () => {
  it('registers one IPC handler per contract channel and nothing else', () => {
    const registered = [...electron.ipcMain.handlers.keys()].sort();
    expect(registered).toEqual(channelNames.map((name) => IPC_CHANNEL_PREFIX + name).sort());
    // The only other listener is electron-store's own (it answers its renderer-side API, which
    // our preload never exposes); the shell itself adds none.
    expect(
      [...electron.ipcMain.listeners.keys()].filter((c) => c !== 'electron-store-get-data'),
    ).toEqual([]);
  });

  it('gives the core an update service that stays off in a development run', async () => {
    const updates = fake.options()?.updates;
    expect(updates?.state().status).toBe('disabled');
    expect((await updates?.check())?.status).toBe('disabled');
  });

  it('opens exactly one window, with the secure webPreferences', () => {
    expect(electron.recorded.windows).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload/preload.cjs',
      // Only a development run asks for them (main.ts, launch-options.ts).
      devTools: false,
    });
    expect(electron.recorded.sandboxEnabled).toBe(true);
    expect(contents.loadedUrl).toBe('shelf://app/index.html');
  });

  it('refuses every navigation away from the app, and opens safe https links outside', () => {
    expect(contents.fire('will-navigate', 'shelf://app/library')).toBe(false);
    expect(contents.fire('will-navigate', 'https://example.com/help')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(electron.recorded.openedExternally).toEqual(['https://example.com/help']);
  });

  it('denies window.open, sending only safe https links to the system browser', () => {
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://example.org/a' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'shelf://app/index.html' })).toEqual({ action: 'deny' });
    expect(electron.recorded.openedExternally).toContain('https://example.org/a');
    expect(electron.recorded.openedExternally).not.toContain('javascript:alert(1)');
  });

  it('answers an invalid payload with VALIDATION_FAILED, without calling the core', async () => {
    const handler = electron.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + 'library.get')!;
    const appFrame = { senderFrame: { url: 'shelf://app/index.html' } };
    const result = await handler(appFrame, { contentId: 'not-a-uuid' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await handler(appFrame, 'garbage')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(fake.calls.filter((c) => c.channel === 'library.get')).toEqual([]);
  });

  it('routes a valid call to the core and refuses calls from other frames', async () => {
    const handler = electron.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + 'account.get')!;
    expect(await handler({ senderFrame: { url: 'shelf://app/index.html' } }, {})).toEqual({
      ok: true,
      value: { handled: 'account.get' },
    });
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('forwards core events to the window with the event prefix', () => {
    fake.emit('library.changed', { reason: 'sync' });
    expect(contents.sent).toContainEqual({
      channel: IPC_EVENT_PREFIX + 'library.changed',
      payload: { reason: 'sync' },
    });
  });

  it('serves the app from a privileged shelf:// scheme and denies every permission', () => {
    expect(electron.recorded.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'shelf',
        privileges: expect.objectContaining({ standard: true, secure: true, stream: true }),
      }),
    ]);
    expect(electron.recorded.protocolHandlers.has('shelf')).toBe(true);
    let granted: boolean | null = null;
    electron.recorded.permissionRequestHandler!({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(electron.recorded.permissionCheckHandler!()).toBe(false);
  });

  it('adds the CSP to every response that has none, and keeps a stricter one', () => {
    const run = (responseHeaders: Record<string, string[]>) => {
      let headers: Record<string, string[]> = {};
      electron.recorded.headersHook!({ responseHeaders }, (r) => {
        headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders;
      });
      return headers;
    };
    const csp = run({ 'Content-Type': ['text/html'] })['Content-Security-Policy']?.[0];
    expect(csp).toMatch(/script-src 'self'/);
    // Inline styles only, which the EPUB reader's engine writes (docs/design.md §11.2).
    expect((csp ?? '').replace(/style-src [^;]*/, '')).not.toMatch(/unsafe-(inline|eval)/);
    const sandboxed = { 'content-security-policy': ["default-src 'none'; sandbox"] };
    expect(run(sandboxed)).toEqual(sandboxed);
  });

  it('gives the core shelf:// content URLs and settings with the default server', () => {
    const options = fake.options()!;
    expect(options.contentUrl('5b6c1d8e-0000-4000-8000-000000000000')).toBe(
      'shelf://app/bridge/content/5b6c1d8e-0000-4000-8000-000000000000',
    );
    expect(options.settings.get()).toEqual({ serverUrl: 'http://127.0.0.1:4310', theme: 'system' });
  });

  it('remembers the window bounds on close', () => {
    window.emit('close');
    const settings = fake.options()!.settings as unknown as { getWindowBounds(): unknown };
    expect(settings.getWindowBounds()).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('closes the core before quitting', async () => {
    let prevented = false;
    electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.isClosed()).toBe(true));
    expect(fake.listenerCount()).toBeGreaterThanOrEqual(0);
  });
});
