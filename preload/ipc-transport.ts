import type { IpcRendererEvent } from 'electron';
import type { BridgeTransport } from '../shared/ipc/bridge';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_PREFIX } from '../shared/ipc/contract';

/** The slice of ipcRenderer the transport uses; it stays inside the preload, never exposed. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, payload: unknown) => void): unknown;
  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, payload: unknown) => void,
  ): unknown;
}

/**
 * Electron IPC as a bridge transport. Only prefixed contract names go through (the factory in
 * shared/ refuses unknown channels before calling this), and listeners receive the payload
 * alone, never the IPC event (which would hand the page `event.sender`).
 */
export function createIpcTransport(ipcRenderer: IpcRendererLike): BridgeTransport {
  return {
    invoke: (channel, input) => ipcRenderer.invoke(IPC_CHANNEL_PREFIX + channel, input),
    subscribe(event, listener) {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(IPC_EVENT_PREFIX + event, wrapped);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_PREFIX + event, wrapped);
      };
    },
  };
}
