import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createShelfBridge } from '../../../shared/ipc/bridge';
import { IPC_EVENT_PREFIX } from '../../../shared/ipc/contract';
import type { IpcRendererLike } from '../../../preload/ipc-transport';
import { createIpcTransport } from '../../../preload/ipc-transport';

const status = (syncing: boolean) => ({
  online: true,
  syncing,
  lastSyncAt: null,
  queuedReturns: 0,
  lastError: null,
  nextRetryAt: null,
});

/** A fresh preload bridge over an ipcRenderer stand-in that answers every call with `value`. */
function setup(value: unknown) {
  const emitter = new EventEmitter();
  const ipcRenderer: IpcRendererLike = {
    invoke: () => Promise.resolve({ ok: true, value }),
    on: (channel, listener) => emitter.on(channel, listener),
  };
  const shelf = createShelfBridge(createIpcTransport(ipcRenderer));
  const send = (event: string, payload: unknown) =>
    emitter.emit(IPC_EVENT_PREFIX + event, {}, payload);
  return { shelf, send };
}

describe("the preload's transport, events before the first listener of their name", () => {
  it("hands one main sent after the boot's answer to the first listener", async () => {
    const { shelf, send } = setup(status(false));
    await shelf.invoke('sync.status', {});
    // The start's sync begins before the header has subscribed.
    send('sync.status', status(true));
    const seen: unknown[] = [];
    shelf.on('sync.status', (payload) => seen.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([status(true)]);
  });

  it('drops one main sent before the answer the page holds', async () => {
    const { shelf, send } = setup(status(false));
    send('sync.status', status(true));
    await shelf.invoke('sync.status', {});
    const seen: unknown[] = [];
    shelf.on('sync.status', (payload) => seen.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([]);
  });
});
