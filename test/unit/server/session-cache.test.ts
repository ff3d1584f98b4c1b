import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../../server/services/session-cache';

const session = (userId: string, deviceId = 'd1') => ({
  userId,
  deviceId,
  expiresAt: '2030-01-01T00:00:00.000Z',
});

describe('SessionCache', () => {
  it('answers a session for less than the bound after it was checked, then asks again', () => {
    const cache = new SessionCache(5_000);
    cache.remember('t', session('u'), 1_000, cache.ticket);
    expect(cache.recall('t', 5_999)).toEqual(session('u'));
    expect(cache.recall('t', 6_000)).toBeUndefined();
    // Gone, not merely hidden: it must be read from the database again.
    expect(cache.recall('t', 1_000)).toBeUndefined();
  });

  it('keeps nothing with a bound of 0, and nothing checked "in the future" (a clock moved back)', () => {
    const none = new SessionCache(0);
    none.remember('t', session('u'), 0, none.ticket);
    expect(none.recall('t', 0)).toBeUndefined();
    const cache = new SessionCache(5_000);
    cache.remember('t', session('u'), 10_000, cache.ticket);
    expect(cache.recall('t', 9_000)).toBeUndefined();
  });

  it('forgets what matches, and refuses a lookup that started before the forgetting', () => {
    const cache = new SessionCache(5_000);
    cache.remember('a', session('u1'), 0, cache.ticket);
    cache.remember('b', session('u2'), 0, cache.ticket);
    const ticket = cache.ticket; // a lookup of 'c' starts, reading the database…
    cache.forget((_, s) => s.userId === 'u1');
    cache.remember('c', session('u1', 'd2'), 0, ticket); // …and ends after: not kept
    expect(cache.recall('a', 1)).toBeUndefined();
    expect(cache.recall('c', 1)).toBeUndefined();
    expect(cache.recall('b', 1)).toEqual(session('u2'));
  });

  it('holds at most its size, the oldest making room', () => {
    const cache = new SessionCache(5_000, 2);
    for (const t of ['a', 'b', 'c']) cache.remember(t, session(t), 0, cache.ticket);
    expect(cache.recall('a', 1)).toBeUndefined();
    expect(cache.recall('b', 1)).toEqual(session('b'));
    expect(cache.recall('c', 1)).toEqual(session('c'));
  });
});
