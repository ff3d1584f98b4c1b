import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A recording stand-in for the `electron` module (the binary cannot be downloaded here), for
 * `vi.mock('electron', () => import('./fake-electron'))`. It records what the shell asks of
 * Electron (handlers, windows, protocol, session hooks) and lets a test fire the events Electron
 * would fire. Only what the shell uses is implemented; anything else is absent on purpose.
 */
type Listener = Parameters<EventEmitter['on']>[1];

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  loadedUrl: string | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Fires a cancellable event the way Electron does; returns whether it was prevented. */
  fire(name: string, url = ''): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

const appEvents = new EventEmitter();

export const recorded = {
  windows: [] as FakeBrowserWindow[],
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequestHandler: null as
    null | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
  headersHook: null as
    | null
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        callback: (r: unknown) => void,
      ) => void),
  openedExternally: [] as string[],
  sandboxEnabled: false,
  quitCalled: false,
  /** Chromium switches the shell appended (app.commandLine), by name. */
  switches: new Map<string, string | undefined>(),
  exposed: [] as { key: string; api: unknown }[],
};

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows() {
    return recorded.windows;
  }
  readonly webContents = new FakeWebContents();
  readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>;
  maximized = false;
  constructor(options: FakeBrowserWindow['options']) {
    super();
    this.options = options;
    recorded.windows.push(this);
    // Like Electron: every WebContents is announced to the app before anything loads in it.
    appEvents.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.webContents.loadedUrl = url;
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

const userData = mkdtempSync(path.join(tmpdir(), 'shelf-fake-electron-'));

export const app = {
  /** Electron sets it for installed builds; a test may flip it before importing the shell. */
  isPackaged: false,
  on: (event: string, listener: Listener) => appEvents.on(event, listener),
  once: (event: string, listener: Listener) => appEvents.once(event, listener),
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
  whenReady: () => Promise.resolve(),
  requestSingleInstanceLock: () => true,
  enableSandbox: () => {
    recorded.sandboxEnabled = true;
  },
  quit: () => {
    recorded.quitCalled = true;
  },
  exit: () => {},
  getPath: (_name: string) => userData,
  setPath: () => {},
  getVersion: () => '0.0.0-test',
  commandLine: {
    appendSwitch: (name: string, value?: string) => {
      recorded.switches.set(name, value);
    },
    hasSwitch: (name: string) => recorded.switches.has(name),
    getSwitchValue: (name: string) => recorded.switches.get(name) ?? '',
  },
};

export const ipcMain = (() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, Listener[]>();
  return {
    handlers,
    listeners,
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
    on(channel: string, listener: Listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
})();

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: typeof recorded.permissionRequestHandler) {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: typeof recorded.permissionCheckHandler) {
      recorded.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(hook: typeof recorded.headersHook) {
        recorded.headersHook = hook;
      },
    },
  },
};

export const shell = {
  openExternal(url: string) {
    recorded.openedExternally.push(url);
    return Promise.resolve();
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  // Reversible and visibly "wrapped", enough to check the key never sits in the store as is.
  encryptString: (plain: string) => Buffer.from(`wrapped:${plain}`),
  decryptString: (wrapped: Buffer) => {
    const text = wrapped.toString();
    if (!text.startsWith('wrapped:')) throw new Error('Error while decrypting the ciphertext');
    return text.slice('wrapped:'.length);
  },
};

export const dialog = {
  showErrorBox: () => {},
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    recorded.exposed.push({ key, api });
  },
};

export const ipcRenderer = (() => {
  const emitter = new EventEmitter();
  return {
    invoked: [] as { channel: string; args: unknown[] }[],
    reply: (_channel: string, _input: unknown): unknown => ({ ok: true, value: {} }),
    invoke(channel: string, ...args: unknown[]) {
      this.invoked.push({ channel, args });
      return Promise.resolve(this.reply(channel, args[0]));
    },
    on: (channel: string, listener: Listener) => emitter.on(channel, listener),
    removeListener: (channel: string, listener: Listener) =>
      emitter.removeListener(channel, listener),
    emit: (channel: string, ...args: unknown[]) => emitter.emit(channel, ...args),
    listenerCount: (channel: string) => emitter.listenerCount(channel),
  };
})();

export const BrowserWindow = FakeBrowserWindow;

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
};
