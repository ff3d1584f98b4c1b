import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createShelfBridge } from '../../../shared/ipc/bridge';
import type { BridgeSchemas, FirstScreenSchemas } from '../../../shared/ipc/shelf-bridge';
import { createBridgeOver } from '../../../shared/ipc/shelf-bridge';
import { serveBridge } from '../../../page-bridge/serve-bridge';
import { createWorkerBridge } from '../../../page-bridge/worker-bridge';
import type { MessageEnd, PageBatch, WorkerMessage } from '../../../page-bridge/worker-messages';
import type { BridgeFailure } from '../../../shared/ipc/bridge-failure';
import { jsonAnswer, recordingTransport } from '../../fixtures/http-transport-host';
import { sampleSyncStatus } from '../../fixtures/contract-samples';

/**
 * The page's half and the worker's half of the browser host's bridge, joined by a real message
 * channel (structured clone both ways), the worker's half over the real HTTP transport and the
 * contract's validation; only the host's answers are given here.
 */
const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

const json = (status: number, body: unknown) => jsonAnswer(status, body);

/**
 * The page's half alone, over a channel whose other end records each batch the page posts and,
 * with `answer`, answers each call with an empty value.
 */
function pageHalf(answer = false) {
  const channel = new MessageChannel();
  channels.push(channel);
  const received: PageBatch[] = [];
  channel.port2.on('message', (batch: PageBatch) => {
    received.push(batch);
    if (!answer) return;
    for (const message of batch)
      if (message.type === 'invoke')
        channel.port2.postMessage({ type: 'result', id: message.id, ok: true, value: {} });
  });
  const shelf = createWorkerBridge(
    channel.port1 as unknown as MessageEnd<PageBatch, WorkerMessage>,
    () => {},
  );
  return { channel, shelf, received };
}

function setup(reply: (url: string) => Response) {
  const channel = new MessageChannel();
  channels.push(channel);
  let signedOut = 0;
  const { transport, requests, sources } = recordingTransport({
    reply,
    onSignedOut: () =>
      (channel.port2 as unknown as { postMessage(m: unknown): void }).postMessage({
        type: 'signedOut',
      }),
  });
  serveBridge(
    channel.port2 as unknown as MessageEnd<WorkerMessage, PageBatch>,
    createShelfBridge(transport),
  );
  const shelf = createWorkerBridge(
    channel.port1 as unknown as MessageEnd<PageBatch, WorkerMessage>,
    () => (signedOut += 1),
  );
  const urls = () => requests.map((request) => request.url);
  return { shelf, requests: urls, sources, signedOut: () => signedOut };
}

describe('a worker that could not start', () => {
  it('fails the calls waiting for it, and every call after, with the reason', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    let fail: (failure: BridgeFailure) => void = () => {};
    const failed = new Promise<BridgeFailure>((resolve) => (fail = resolve));
    const shelf = createWorkerBridge(
      channel.port1 as unknown as MessageEnd<PageBatch, WorkerMessage>,
      () => {},
      failed,
    );
    const waiting = shelf.invoke('account.get', {}).catch((error: unknown) => error);
    const failure: BridgeFailure = { name: 'AppError', code: 'INTERNAL', message: 'Reload.' };
    fail(failure);
    expect(await waiting).toEqual(failure);
    await expect(shelf.invoke('settings.get', {})).rejects.toEqual(failure);
  });
});

describe("the browser host's bridge through its worker", () => {
  it('answers a call with the validated value', async () => {
    const { shelf, requests } = setup(() =>
      json(200, { ok: true, value: { serverUrl: 'http://127.0.0.1:1', theme: 'dark' } }),
    );
    expect(await shelf.invoke('settings.get', {})).toEqual({
      serverUrl: 'http://127.0.0.1:1',
      theme: 'dark',
    });
    expect(requests()).toEqual(['/bridge/invoke/settings.get']);
  });

  it('refuses a malformed answer as VALIDATION_FAILED, a plain failure with its code', async () => {
    const { shelf } = setup(() => json(200, { ok: true, value: { theme: 'neon' } }));
    const failure = await shelf.invoke('settings.get', {}).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AppError', code: 'VALIDATION_FAILED' });
    expect((failure as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('refuses an unknown channel before anything is sent', async () => {
    const { shelf, requests } = setup(() => json(200, { ok: true, value: {} }));
    await expect(shelf.invoke('nope.nothing' as 'account.get', {})).rejects.toMatchObject({
      code: 'UNKNOWN_CHANNEL',
    });
    expect(requests()).toEqual([]);
  });

  it("passes the host's error codes and a 401 to the page", async () => {
    const { shelf, signedOut } = setup(() => json(401, { code: 'UNAUTHENTICATED' }));
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(signedOut()).toBe(1);
  });

  it('delivers valid events in order until unsubscribed, and refuses an unknown event at once', async () => {
    const { shelf, sources } = setup(() => json(200, {}));
    expect(() => shelf.on('no.such' as 'library.changed', () => {})).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) as Error,
    );
    const changed: unknown[] = [];
    const off = shelf.on('library.changed', (payload) => changed.push(payload));
    // The subscription reaches the worker, which opens the event stream.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sources.map((s) => s.url)).toEqual(['/bridge/events']);
    const deliver = (data: string) => sources[0]!.onmessage!({ data });
    deliver('{"event":"library.changed","payload":{"reason":"sync"}}');
    deliver('{"event":"library.changed","payload":{"reason":"bogus"}}');
    deliver('{"event":"library.changed","payload":{"reason":"tags"}}');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changed).toEqual([{ reason: 'sync' }, { reason: 'tags' }]);
    off();
    await new Promise((resolve) => setTimeout(resolve, 10));
    deliver('{"event":"library.changed","payload":{"reason":"purchase"}}');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changed).toHaveLength(2);
  });
});

describe("the browser host's bridge through its worker, a listener added after the boot's", () => {
  it('gets an event the worker had before the new listener could reach it', async () => {
    const { shelf, sources } = setup(() => json(200, {}));
    const deliver = (data: unknown) => sources[0]!.onmessage!({ data: JSON.stringify(data) });
    // The boot listens first, and stops at its first event (renderer/src/lib/boot.ts).
    const seen: string[] = [];
    const stopBoot = shelf.on('library.changed', () => {
      seen.push('boot');
      stopBoot();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    deliver({ seq: 0 });
    // The screen takes the boot's answers and subscribes; the purchase's event is already on
    // its way from the worker.
    deliver({ seq: 1, event: 'library.changed', payload: { reason: 'purchase' } });
    shelf.on('library.changed', () => seen.push('screen'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['boot', 'screen']);
  });

  it('subscribes each name once in the worker, whatever the listeners on the page', async () => {
    const { shelf, received } = pageHalf();
    shelf.on('library.changed', () => {})();
    shelf.on('library.changed', () => {});
    shelf.on('sync.status', () => {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received.flat().map((m) => (m.type === 'on' ? m.event : m.type))).toEqual([
      'library.changed',
      'sync.status',
    ]);
  });
});

describe("the page's half", () => {
  it('posts the calls and subscriptions of one turn as one batch, in order', async () => {
    const { shelf, received } = pageHalf();
    shelf.on('library.changed', () => {});
    void shelf.invoke('account.get', {});
    void shelf.invoke('settings.get', {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    void shelf.invoke('sync.status', {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(
      received.map((batch) => batch.map((m) => (m.type === 'invoke' ? m.channel : m.type))),
    ).toEqual([['on', 'account.get', 'settings.get'], ['sync.status']]);
  });

  it('posts each message at once, before the turn ends, once the worker has answered', async () => {
    const { channel, shelf, received } = pageHalf(true);
    await shelf.invoke('account.get', {});
    const posted: number[] = [];
    const postMessage = channel.port1.postMessage.bind(channel.port1);
    channel.port1.postMessage = (message: unknown) => {
      posted.push((message as PageBatch).length);
      postMessage(message);
    };
    void shelf.invoke('library.list', {} as never);
    // Posted within the call itself: a render that follows in the same handler does not delay it.
    expect(posted).toEqual([1]);
    void shelf.invoke('settings.get', {});
    expect(posted).toEqual([1, 1]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(
      received.map((batch) => batch.map((m) => (m.type === 'invoke' ? m.channel : m.type))),
    ).toEqual([['account.get'], ['library.list'], ['settings.get']]);
  });
});

describe("the worker's bridge with its schemas loaded on first use", () => {
  it('sends the call first and validates the answer once the schemas are in', async () => {
    const sent: string[] = [];
    let give: (schemas: BridgeSchemas) => void = () => {};
    const schemas = new Promise<BridgeSchemas>((resolve) => (give = resolve));
    const shelf = createBridgeOver(
      {
        invoke: async (channel) => {
          sent.push(channel);
          return { ok: true, value: { serverUrl: 'http://127.0.0.1:1', theme: 'sepia' } };
        },
        subscribe: () => () => {},
      },
      () => schemas,
    );
    const answer = shelf.invoke('settings.get', {}).catch((error: unknown) => error);
    expect(sent).toEqual(['settings.get']);
    await expect(shelf.invoke('nope' as 'account.get', {})).rejects.toMatchObject({
      code: 'UNKNOWN_CHANNEL',
    });
    expect(sent).toEqual(['settings.get']);
    give(await import('../../../shared/ipc/bridge-schemas'));
    // 'sepia' is no theme: validated as strictly as before.
    expect(await answer).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe("the worker's bridge with the first screen's schemas first", () => {
  const settings = { serverUrl: 'http://127.0.0.1:1', theme: 'dark' };
  const downloadProgress = {
    contentId: '00000000-0000-4000-8000-000000000002',
    receivedBytes: 1,
    totalBytes: 2,
  };
  const syncStatus = sampleSyncStatus;
  function setupFirst(answers: Record<string, unknown>, quietMs = 0) {
    const sent: string[] = [];
    let give: (schemas: BridgeSchemas) => void = () => {};
    let asked = 0;
    const all = new Promise<BridgeSchemas>((resolve) => (give = resolve));
    const listeners: ((payload: unknown) => void)[] = [];
    const shelf = createBridgeOver(
      {
        invoke: async (channel) => {
          sent.push(channel);
          return { ok: true, value: answers[channel] };
        },
        subscribe: (_event, listener) => {
          listeners.push(listener);
          return () => {};
        },
      },
      () => {
        asked += 1;
        return all;
      },
      () => import('../../../shared/ipc/bridge-schemas-first') as Promise<FirstScreenSchemas>,
      quietMs,
    );
    const fullSchemas = () => import('../../../shared/ipc/bridge-schemas');
    return { shelf, sent, asked: () => asked, give, fullSchemas, listeners };
  }

  it('validates a first-screen answer without waiting for the rest of the contract', async () => {
    const { shelf, asked } = setupFirst({
      'settings.get': settings,
      'account.get': { signedIn: false },
    });
    expect(await shelf.invoke('settings.get', {})).toEqual(settings);
    // Validated as strictly: this account has no user, deviceId nor serverUrl.
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(asked()).toBe(0);
  });

  it("validates the search box's type-ahead without the rest of the contract (asked at its focus)", async () => {
    const page = {
      total: 1,
      items: [{ contentId: 'not-a-uuid' }],
    };
    const { shelf, asked } = setupFirst({
      'library.prefetch': { answers: [{ query: 'wa', page }] },
    });
    await expect(shelf.invoke('library.prefetch', { query: 'w', limit: 20 })).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    );
    expect(asked()).toBe(0);
  });

  it("validates a card's cover without the rest of the contract (the first screen's cards ask them)", async () => {
    const contentId = '00000000-0000-4000-8000-000000000001';
    const { shelf, asked } = setupFirst({
      'library.cover': { dataUrl: 'data:image/png;base64,AAAA', fromCatalog: true },
    });
    expect(await shelf.invoke('library.cover', { contentId })).toEqual({
      dataUrl: 'data:image/png;base64,AAAA',
      fromCatalog: true,
    });
    expect(asked()).toBe(0);
  });

  it('refuses a cover that is not an image data: URL, as strictly', async () => {
    const { shelf, asked } = setupFirst({
      'library.cover': { dataUrl: 'https://tracker.example/pixel.png', fromCatalog: false },
    });
    await expect(
      shelf.invoke('library.cover', { contentId: '00000000-0000-4000-8000-000000000001' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(asked()).toBe(0);
  });

  it('asks for the rest of the contract once no call has been in flight for the quiet period', async () => {
    const { shelf, asked } = setupFirst({ 'settings.get': settings }, 30);
    await shelf.invoke('settings.get', {});
    expect(asked()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 15));
    // A call within the period (a keystroke) starts it again.
    await shelf.invoke('settings.get', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked()).toBe(1);
  });

  it('validates any other channel, and events, with the whole contract once it is in', async () => {
    const { shelf, sent, give, fullSchemas, listeners, asked } = setupFirst({
      'devices.list': { devices: [{ id: 'not-a-uuid' }] },
    });
    const progress: unknown[] = [];
    shelf.on('download.progress', (payload) => progress.push(payload));
    expect(asked()).toBe(0);
    listeners[0]!(downloadProgress);
    listeners[0]!({ ...downloadProgress, receivedBytes: -1 });
    const devices = shelf.invoke('devices.list', {}).catch((error: unknown) => error);
    expect(sent).toEqual(['devices.list']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(asked()).toBe(1);
    expect(progress).toEqual([]);
    give(await fullSchemas());
    expect(await devices).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(progress).toEqual([downloadProgress]);
  });

  it('hands a first-screen answer on after an event that came before it, as they came', async () => {
    const { shelf, give, fullSchemas, listeners } = setupFirst({ 'settings.get': settings });
    const seen: string[] = [];
    shelf.on('download.progress', () => seen.push('event'));
    // The event comes first; it waits for the whole contract, the answer only for the first's.
    listeners[0]!(downloadProgress);
    const answer = shelf.invoke('settings.get', {}).then(() => seen.push('answer'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([]);
    give(await fullSchemas());
    await answer;
    expect(seen).toEqual(['event', 'answer']);
  });
  it("validates a start's events with the first screen's schemas, in order after one that waits for the rest", async () => {
    const { shelf, give, fullSchemas, listeners, asked } = setupFirst({});
    const seen: unknown[] = [];
    shelf.on('sync.status', (payload) => seen.push(payload.syncing ? 'syncing' : 'synced'));
    shelf.on('library.changed', (payload) => seen.push(payload.reason));
    shelf.on('download.progress', () => seen.push('progress'));
    const [status, changed, progress] = listeners;
    status!({ ...syncStatus, syncing: true });
    changed!({ reason: 'sync' });
    changed!({ reason: 'bogus' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual(['syncing', 'sync']);
    expect(asked()).toBe(0);

    // One the first screen's schemas do not hold waits for the rest, and those after it with it.
    progress!(downloadProgress);
    status!(syncStatus);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual(['syncing', 'sync']);
    expect(asked()).toBe(1);
    give(await fullSchemas());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual(['syncing', 'sync', 'progress', 'synced']);
  });
});
