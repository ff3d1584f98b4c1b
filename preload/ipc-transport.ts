import type { IpcRendererEvent } from 'electron';
import type { BridgeTransport } from '../shared/ipc/bridge';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_PREFIX } from '../shared/ipc/contract';
import { EVENT_NAMES } from '../shared/ipc/event-names';
import { createLateListeners } from '../shared/ipc/late-listeners';

/** The slice of ipcRenderer the transport uses; it stays inside the preload, never exposed. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, payload: unknown) => void): unknown;
}

/**
 * Electron IPC as a bridge transport. Only prefixed contract names go through (the factory in
 * shared/ refuses unknown channels before calling this), and listeners receive the payload
 * alone, never the IPC event (which would hand the page `event.sender`).
 *
 * Every contract event is listened to from the preload's start, and what comes for a name the
 * renderer has not subscribed to yet is kept for its first listener (shared/ipc/late-listeners.ts,
 * docs/design.md §7.5): main sends an event to nobody once the window loads, and the renderer
 * subscribes only after its first commit, while the boot's answers it shows were made before (the
 * header's `sync.status` of the start's sync was lost there). IPC delivers events and answers in
 * the order main sent them, so counting the events as they come numbers both as main made them.
 */
export function createIpcTransport(ipcRenderer: IpcRendererLike): BridgeTransport {
  const late = createLateListeners();
  let count = 0;
  late.stream(count);
  for (const name of EVENT_NAMES)
    ipcRenderer.on(IPC_EVENT_PREFIX + name, (_event: IpcRendererEvent, payload: unknown) => {
      count += 1;
      late.event(name, count, payload);
    });
  return {
    invoke(channel, input) {
      const answered = late.call();
      return ipcRenderer.invoke(IPC_CHANNEL_PREFIX + channel, input).then(
        (result) => {
          answered(count);
          return result;
        },
        (error: unknown) => {
          answered();
          throw error;
        },
      );
    },
    subscribe: (event, listener) => late.subscribe(event, listener),
  };
}
