import { contextBridge, ipcRenderer } from 'electron';
import { createShelfBridge } from '../shared/ipc/bridge';
import { crossContextErrors } from './cross-context-errors';
import { createIpcTransport } from './ipc-transport';

// The renderer's only door to the app: `window.shelf`, built by the same factory as the browser
// host's bridge. Bundled to CommonJS by scripts/build.ts (a sandboxed preload cannot load ESM).
contextBridge.exposeInMainWorld(
  'shelf',
  crossContextErrors(createShelfBridge(createIpcTransport(ipcRenderer))),
);
