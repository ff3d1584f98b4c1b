import type { ShelfBridge } from '../../shared/ipc/bridge';

declare global {
  interface Window {
    /** Built by the preload (Electron) or the browser host from shared/ipc/bridge.ts. */
    shelf?: ShelfBridge;
  }
}

export {};
