import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../main/core/api/api-error';
import { backoffDelay } from '../../../main/core/sync/backoff';

const options = { baseMs: 1_000, maxMs: 60_000 };

describe('backoff', () => {
  it('doubles per failure up to the cap, jittered within [half, full]', () => {
    expect(backoffDelay(1, options, null, () => 0)).toBe(500);
    expect(backoffDelay(1, options, null, () => 1)).toBe(1_000);
    expect(backoffDelay(3, options, null, () => 1)).toBe(4_000);
    expect(backoffDelay(50, options, null, () => 1)).toBe(60_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, r) => {
          const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failures - 1, 30));
          const delay = backoffDelay(failures, options, null, () => r);
          return delay >= nominal / 2 - 1 && delay <= nominal;
        },
      ),
    );
  });

  it('waits at least as long as Retry-After asks (bounded)', () => {
    expect(backoffDelay(1, options, 30_000, () => 0)).toBe(30_000);
    expect(backoffDelay(1, options, 10 * 60_000, () => 0)).toBe(120_000);
    expect(backoffDelay(8, options, 100, () => 1)).toBe(60_000);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
