import { describe, expect, it } from 'vitest';
import type { BridgeTransport } from '../../../shared/ipc/bridge';
import { createShelfBridge } from '../../../shared/ipc/bridge';
import type { WebSocketLike } from '../../../page-bridge/socket-transport';
import { createSocketTransport } from '../../../page-bridge/socket-transport';
import type { EventOrder } from '../../../page-bridge/event-order';
import { createEventOrder } from '../../../page-bridge/event-order';

/** A fake browser WebSocket the test opens, answers and closes by hand. */
class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: { id: number; channel: string; input: unknown }[] = [];
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as { id: number; channel: string; input: unknown });
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  answer(id: number, result: unknown, seq?: number) {
    this.onmessage?.({ data: JSON.stringify({ id, result, seq }) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const settings = { serverUrl: 'http://127.0.0.1:1', theme: 'dark' };

function setup(order?: EventOrder) {
  FakeSocket.made = [];
  const overHttp: string[] = [];
  const fallback: BridgeTransport = {
    invoke: (channel) => {
      overHttp.push(channel);
      return Promise.resolve({ ok: true, value: settings });
    },
    subscribe: () => () => {},
  };
  const shelf = createShelfBridge(
    createSocketTransport({
      WebSocket: FakeSocket,
      url: 'ws://127.0.0.1:1/bridge/socket',
      // settings.get stands in for a read here: its result is small to write.
      channels: new Set(['settings.get', 'library.list']),
      fallback,
      ...(order ? { order } : {}),
    }),
  );
  return { shelf, overHttp };
}

describe("the bridge worker's socket transport", () => {
  it('calls over HTTP until the socket is open, then over the socket by id', async () => {
    const { shelf, overHttp } = setup();
    // Opened only once the first call over HTTP has its answer (the first paint's calls).
    expect(FakeSocket.made).toHaveLength(0);
    await expect(shelf.invoke('settings.get', {})).resolves.toEqual(settings);
    await expect(shelf.invoke('settings.get', {})).resolves.toEqual(settings);
    expect(overHttp).toEqual(['settings.get', 'settings.get']);
    expect(FakeSocket.made).toHaveLength(1);
    const socket = FakeSocket.made[0]!;
    expect(socket.url).toBe('ws://127.0.0.1:1/bridge/socket');

    socket.open();
    const first = shelf.invoke('settings.get', {});
    const second = shelf.invoke('library.list', { sort: 'title', direction: 'asc' } as never);
    expect(socket.sent.map((m) => m.channel)).toEqual(['settings.get', 'library.list']);
    // Answers in any order, each to its own call; results still validated by the bridge.
    socket.answer(socket.sent[1]!.id, { ok: false, error: { code: 'NOT_FOUND', message: 'x' } });
    socket.answer(socket.sent[0]!.id, { ok: true, value: settings });
    await expect(first).resolves.toEqual(settings);
    await expect(second).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(overHttp).toEqual(['settings.get', 'settings.get']);
  });

  it('refuses a malformed answer over the socket as it would over HTTP', async () => {
    const { shelf } = setup();
    await shelf.invoke('settings.get', {});
    const socket = FakeSocket.made[0]!;
    socket.open();
    const call = shelf.invoke('settings.get', {});
    socket.answer(socket.sent[0]!.id, { ok: true, value: { theme: 42 } });
    await expect(call).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('asks the reads in flight again over HTTP when the socket closes, then opens a new one', async () => {
    const { shelf, overHttp } = setup();
    await shelf.invoke('settings.get', {});
    const socket = FakeSocket.made[0]!;
    socket.open();
    const inFlight = shelf.invoke('settings.get', {});
    socket.drop();
    await expect(inFlight).resolves.toEqual(settings);
    await expect(shelf.invoke('settings.get', {})).resolves.toEqual(settings);
    expect(overHttp).toEqual(['settings.get', 'settings.get', 'settings.get']);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('sends every other channel over HTTP, the socket open or not', async () => {
    const { shelf, overHttp } = setup();
    await shelf.invoke('settings.get', {});
    const socket = FakeSocket.made[0]!;
    socket.open();
    await expect(shelf.invoke('account.get', {})).rejects.toBeDefined();
    expect(overHttp).toEqual(['settings.get', 'account.get']);
    expect(socket.sent).toEqual([]);
  });

  it('stays on HTTP once a handshake is refused', async () => {
    const { shelf, overHttp } = setup();
    await shelf.invoke('settings.get', {});
    FakeSocket.made[0]!.drop();
    await shelf.invoke('settings.get', {});
    await shelf.invoke('settings.get', {});
    expect(overHttp).toHaveLength(3);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('hands an answer on only after the events the host sent before it', async () => {
    const order = createEventOrder();
    order.delivered(3);
    const { shelf } = setup(order);
    await shelf.invoke('settings.get', {});
    const socket = FakeSocket.made[0]!;
    socket.open();
    let answered = false;
    const call = shelf.invoke('settings.get', {}).then(() => (answered = true));
    socket.answer(socket.sent[0]!.id, { ok: true, value: settings }, 4);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(false);
    order.delivered(4);
    await call;
    expect(answered).toBe(true);
  });
});
