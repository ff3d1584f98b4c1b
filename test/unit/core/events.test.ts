import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COALESCE_WINDOW_MS, CoreEvents } from '../../../main/core/events';

const AT = '2026-11-25T10:00:00.000Z';
const CONTENT = randomUUID();
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('core events', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst of "ask again" signals as the first at once and the latest per window', () => {
    vi.useFakeTimers();
    const events = new CoreEvents(logger);
    const seen: Array<[string, unknown]> = [];
    events.subscribe((event, payload) => seen.push([event, payload]));

    for (let i = 0; i < 1_000; i++) events.emit('wallet.changed', { balance: i, at: AT });
    events.emit('library.changed', { reason: 'return' });
    expect(seen).toEqual([
      ['wallet.changed', { balance: 0, at: AT }],
      ['library.changed', { reason: 'return' }],
    ]);
    vi.advanceTimersByTime(COALESCE_WINDOW_MS);
    expect(seen.slice(2)).toEqual([['wallet.changed', { balance: 999, at: AT }]]);
    // A quiet window sends nothing more; the next signal after it goes out at once.
    vi.advanceTimersByTime(COALESCE_WINDOW_MS * 3);
    expect(seen).toHaveLength(3);
    events.emit('library.changed', { reason: 'sync' });
    expect(seen.at(-1)).toEqual(['library.changed', { reason: 'sync' }]);
    events.close();
  });

  it("shows the core's own watchers every emit at once, the coalesced ones too", () => {
    vi.useFakeTimers();
    const events = new CoreEvents(logger);
    const watched: unknown[] = [];
    const sent: unknown[] = [];
    const stop = events.watch((event, payload) => watched.push([event, payload]));
    events.subscribe((event, payload) => sent.push([event, payload]));
    events.emit('library.changed', { reason: 'return' });
    events.emit('library.changed', { reason: 'download' });
    expect(watched).toEqual([
      ['library.changed', { reason: 'return' }],
      ['library.changed', { reason: 'download' }],
    ]);
    expect(sent).toEqual([['library.changed', { reason: 'return' }]]);
    stop();
    events.emit('wallet.changed', { balance: 1, at: AT });
    expect(watched).toHaveLength(2);
    events.close();
  });

  it('sends every other event at once, and nothing malformed', () => {
    const events = new CoreEvents(logger);
    const seen: string[] = [];
    events.subscribe((event) => seen.push(event));
    for (let i = 0; i < 3; i++) {
      events.emit('download.progress', { contentId: CONTENT, receivedBytes: i, totalBytes: 3 });
    }
    events.emit('wallet.changed', { balance: -1 } as never);
    expect(seen).toEqual(['download.progress', 'download.progress', 'download.progress']);
  });

  it('drops what is held back when closed', () => {
    vi.useFakeTimers();
    const events = new CoreEvents(logger);
    const seen: string[] = [];
    events.subscribe((event) => seen.push(event));
    events.emit('library.changed', { reason: 'return' });
    events.emit('library.changed', { reason: 'sync' });
    events.close();
    vi.advanceTimersByTime(COALESCE_WINDOW_MS * 2);
    expect(seen).toEqual(['library.changed']);
  });
});
