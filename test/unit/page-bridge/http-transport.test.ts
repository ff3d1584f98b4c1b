import { describe, expect, it } from 'vitest';
import { createShelfBridge } from '../../../shared/ipc/bridge';
import { createHttpTransport } from '../../../page-bridge/http-transport';
import { jsonAnswer, recordingTransport } from '../../fixtures/http-transport-host';

function setup(
  reply: (url: string, init: RequestInit) => Response | Promise<Response>,
  onSignedOut?: () => void,
) {
  const { transport, requests, sources } = recordingTransport({ reply, onSignedOut });
  return { shelf: createShelfBridge(transport), requests, sources };
}

const json = jsonAnswer;

describe("the browser host's bridge transport", () => {
  it('tells the page its host session is gone on a 401, and only then', async () => {
    let signedOut = 0;
    let status = 403;
    const { shelf } = setup(
      () => json(status, { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' }),
      () => (signedOut += 1),
    );
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(signedOut).toBe(0);
    status = 401;
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(signedOut).toBe(1);
  });

  it('posts calls as JSON with the bridge header and returns validated results', async () => {
    const { shelf, requests } = setup(() =>
      json(200, { ok: true, value: { serverUrl: 'http://127.0.0.1:1', theme: 'dark' } }),
    );
    expect(await shelf.invoke('settings.get', {})).toEqual({
      serverUrl: 'http://127.0.0.1:1',
      theme: 'dark',
    });
    expect(requests[0]!.url).toBe('/bridge/invoke/settings.get');
    expect(requests[0]!.init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: '{}',
    });
    expect(requests[0]!.init.headers).toMatchObject({
      'X-Shelf-Bridge': '1',
      'Content-Type': 'application/json',
    });
  });

  it('turns a problem+json answer into an error with its code', async () => {
    const { shelf } = setup(() =>
      json(
        401,
        { code: 'UNAUTHENTICATED', title: 't', detail: 'Open the link' },
        'application/problem+json',
      ),
    );
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Open the link',
    });
  });

  it('reports a host that is gone as an error, not a hang', async () => {
    const { shelf } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(shelf.invoke('account.get', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('answers calls where no event stream can be opened', async () => {
    let tries = 0;
    const shelf = createShelfBridge(
      createHttpTransport({
        fetch: (async () =>
          json(200, {
            ok: true,
            value: { signedIn: false, user: null, deviceId: null, serverUrl: 'http://127.0.0.1:1' },
          })) as typeof fetch,
        EventSource: class {
          onmessage = null;
          onerror = null;
          constructor() {
            tries += 1;
            throw new Error('no EventSource in this worker');
          }
          close() {}
        },
      }),
    );
    expect(await shelf.invoke('account.get', {})).toMatchObject({ signedIn: false });
    expect(await shelf.invoke('account.get', {})).toMatchObject({ signedIn: false });
    expect(tries).toBe(2);
  });

  it('opens one event stream at the first call or subscription and routes each event', async () => {
    const { shelf, sources } = setup(() => json(200, {}));
    expect(sources).toEqual([]);
    await shelf.invoke('account.get', {}).catch(() => undefined);
    expect(sources.map((s) => s.url)).toEqual(['/bridge/events']);
    const changed: unknown[] = [];
    const off = shelf.on('library.changed', (payload) => changed.push(payload));
    shelf.on('wallet.changed', () => {});
    expect(sources.map((s) => s.url)).toEqual(['/bridge/events']);
    const deliver = (data: string) => sources[0]!.onmessage!({ data });
    deliver('{"event":"library.changed","payload":{"reason":"sync"}}');
    deliver('not json');
    deliver('{"event":"library.changed","payload":{"reason":"bogus"}}');
    off();
    deliver('{"event":"library.changed","payload":{"reason":"purchase"}}');
    expect(changed).toEqual([{ reason: 'sync' }]);
  });
});

describe("the browser host's bridge transport, answers and events in the host's order", () => {
  it('hands an answer on only after the events the host sent before it', async () => {
    const { transport, sources } = recordingTransport({
      reply: () =>
        new Response(JSON.stringify({ ok: true, value: { ok: true } }), {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'X-Shelf-Event-Seq': '2' },
        }),
    });
    const seen: string[] = [];
    transport.subscribe('outbox.changed', (payload) => seen.push(`event ${String(payload)}`));
    const deliver = (data: unknown) => sources[0]!.onmessage!({ data: JSON.stringify(data) });
    deliver({ seq: 0 });
    const answer = transport.invoke('returns.create', {}).then(() => seen.push('answer'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([]);
    deliver({ seq: 1, event: 'outbox.changed', payload: 'queued' });
    deliver({ seq: 2, event: 'outbox.changed', payload: 'sent' });
    await answer;
    expect(seen).toEqual(['event queued', 'event sent', 'answer']);
  });
});

describe("the browser host's bridge transport, events before the first subscription", () => {
  // Only the answer's count matters here, not its value (validated or not).
  const answerAt = (seq: number) =>
    new Response(JSON.stringify({ ok: true, value: {} }), {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'X-Shelf-Event-Seq': String(seq) },
    });

  it("hands an event the host sent after the boot's answer to the first listener", async () => {
    const { shelf, sources } = setup(() => answerAt(3));
    const deliver = (data: unknown) => sources[0]!.onmessage!({ data: JSON.stringify(data) });
    const boot = shelf.invoke('library.list', { offset: 0, limit: 10 }).catch(() => undefined);
    deliver({ seq: 3 });
    await boot;
    // The core buys an item before the library's screen has subscribed.
    deliver({ seq: 4, event: 'library.changed', payload: { reason: 'purchase' } });
    const changed: unknown[] = [];
    shelf.on('library.changed', (payload) => changed.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changed).toEqual([{ reason: 'purchase' }]);
  });

  it('drops one the answer was made after', async () => {
    const { shelf, sources } = setup(() => answerAt(4));
    const deliver = (data: unknown) => sources[0]!.onmessage!({ data: JSON.stringify(data) });
    const boot = shelf.invoke('library.list', { offset: 0, limit: 10 }).catch(() => undefined);
    deliver({ seq: 3 });
    deliver({ seq: 4, event: 'library.changed', payload: { reason: 'purchase' } });
    await boot;
    const changed: unknown[] = [];
    shelf.on('library.changed', (payload) => changed.push(payload));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changed).toEqual([]);
  });
  describe('the newest events the host replays as the stream opens', () => {
    const replay = [{ seq: 4, event: 'library.changed', payload: { reason: 'purchase' } }];
    const run = async (answeredAt: number) => {
      const { shelf, sources } = setup(() => answerAt(answeredAt));
      const changed: unknown[] = [];
      shelf.on('library.changed', (payload) => changed.push(payload));
      const boot = shelf.invoke('library.list', { offset: 0, limit: 10 }).catch(() => undefined);
      // The host answered the call, then published event 4, then attached the stream.
      sources[0]!.onmessage!({ data: JSON.stringify({ seq: 4, replay }) });
      await boot;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return changed;
    };

    it('hands one published after an answer the page waited for', async () => {
      expect(await run(3)).toEqual([{ reason: 'purchase' }]);
    });

    it("drops one the answer was made after: no refresh at a page's start", async () => {
      expect(await run(4)).toEqual([]);
    });
  });
});
