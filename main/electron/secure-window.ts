import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state';

/**
 * The only webPreferences the app window is ever created with. Each line closes a door:
 * the renderer gets no Node, runs in Chromium's sandbox, and its world is isolated from the
 * preload's, which hands it nothing but `window.shelf`.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Off in installed builds: the developer tools can run any code with the page's powers.
    devTools,
  };
}

export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  devTools: boolean,
): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Shelfkeeper',
    // Shown on ready-to-show, so the user never sees an unstyled flash.
    show: false,
    backgroundColor: '#1b1d22',
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}
