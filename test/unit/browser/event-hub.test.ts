import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../main/browser/event-hub';

/** What a stream's response is sent, as the messages' parsed `data`. */
function stream() {
  const written: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    writeHead: () => res,
    write: (text: string) => written.push(text),
    end: () => {},
  });
  const messages = () =>
    written
      .join('')
      .split('\n\n')
      .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
      .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
  return { res: res as unknown as ServerResponse, messages };
}

let hub: EventHub;
afterEach(() => hub.close());

describe('the event hub', () => {
  it('opens a stream with the newest event of each name kept as newest, with its number', () => {
    hub = new EventHub();
    hub.publish('library.changed', { reason: 'sync' });
    hub.publish('sync.status', 'syncing');
    hub.publish('return.confirmed', { id: 'a' });
    hub.publish('download.progress', { done: 1 });
    hub.publish('library.changed', { reason: 'purchase' });
    const { res, messages } = stream();
    hub.attach(res);
    expect(messages()).toEqual([
      {
        seq: 5,
        replay: [
          { seq: 5, event: 'library.changed', payload: { reason: 'purchase' } },
          { seq: 2, event: 'sync.status', payload: 'syncing' },
        ],
      },
    ]);
  });

  it('replays nothing before any event, and sends later events as they come', () => {
    hub = new EventHub();
    const { res, messages } = stream();
    hub.attach(res);
    hub.publish('return.confirmed', { id: 'a' });
    expect(messages()).toEqual([
      { seq: 0, replay: [] },
      { seq: 1, event: 'return.confirmed', payload: { id: 'a' } },
    ]);
  });
  it("replays nothing of the last account's after a sign-in or a sign-out", () => {
    hub = new EventHub();
    hub.publish('wallet.changed', { balance: 40 });
    hub.publish('sync.status', 'synced');
    hub.publish('library.changed', { reason: 'signOut' });
    const { res, messages } = stream();
    hub.attach(res);
    expect(messages()).toEqual([
      {
        seq: 3,
        replay: [{ seq: 3, event: 'library.changed', payload: { reason: 'signOut' } }],
      },
    ]);
  });
});
