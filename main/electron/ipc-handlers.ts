import type { Handlers } from '../../shared/ipc/bridge';
import { dispatch } from '../../shared/ipc/bridge';
import { channelNames, IPC_CHANNEL_PREFIX } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/contract';
import { isAppUrl } from './app-origin';

/** The slice of ipcMain used here (a fake in unit tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcCallEvent, input: unknown) => Promise<IpcResult>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcCallEvent {
  senderFrame: { url: string } | null;
}

/**
 * Registers exactly one handler per contract channel, and nothing else. Each validates its
 * input with the contract (through `dispatch`), so a bad payload gets a VALIDATION_FAILED
 * result, never a throw. Calls from a frame that is not the app (an iframe showing content,
 * say) are refused as FORBIDDEN. Returns a function that removes them.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  onUnexpected: (error: unknown, channel: string) => void,
): () => void {
  for (const name of channelNames) {
    ipcMain.handle(IPC_CHANNEL_PREFIX + name, async (event, input) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(frameUrl)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Calls are accepted from the app only.' },
        };
      }
      return dispatch(handlers, name, input, onUnexpected);
    });
  }
  return () => {
    for (const name of channelNames) ipcMain.removeHandler(IPC_CHANNEL_PREFIX + name);
  };
}
