import { BrowserWindow, screen } from 'electron';
import type { AppCore } from '../core/app-core-api';
import { APP_ENTRY_URL } from './app-origin';
import { forwardEvents } from './event-forwarder';
import { mainWindowOptions } from './secure-window';
import type { ElectronSettings } from './settings-store';
import { restoreBounds, trackWindowBounds } from './window-state';

/**
 * Opens the one app window: secure webPreferences, remembered bounds, core events forwarded to
 * it. Navigation guards are installed for every WebContents in lifecycle.ts, not here, so no
 * window can be created without them.
 */
export function openMainWindow(deps: {
  core: Pick<AppCore, 'subscribe'>;
  settings: ElectronSettings;
  preloadPath: string;
  devTools: boolean;
}): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const bounds = restoreBounds(deps.settings.getWindowBounds(), workAreas);
  const window = new BrowserWindow(mainWindowOptions(deps.preloadPath, bounds, deps.devTools));
  if (bounds.maximized) window.maximize();
  trackWindowBounds(window, (next) => deps.settings.setWindowBounds(next));
  const stopForwarding = forwardEvents(deps.core, window.webContents);
  window.on('closed', stopForwarding);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
