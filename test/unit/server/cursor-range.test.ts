import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import { parseByteRange as parseRange } from '../../../shared/http-range';
import {
  decodeCursor,
  encodeCursor,
  seqCursorSchema,
  timeIdCursorSchema,
} from '../../../server/util/cursor';

describe('cursor encoding', () => {
  it('round-trips and stays within the contract length', () => {
    const cursor = encodeCursor([
      '2026-11-25T16:14:28.680Z',
      '01419c37-7838-48b3-8220-d70a7e425463',
    ]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(200);
    expect(decodeCursor(cursor, timeIdCursorSchema)).toEqual([
      '2026-11-25T16:14:28.680Z',
      '01419c37-7838-48b3-8220-d70a7e425463',
    ]);
    fc.assert(
      fc.property(fc.nat(), (seq) => decodeCursor(encodeCursor([seq]), seqCursorSchema)[0] === seq),
    );
  });

  it('refuses anything it did not issue with VALIDATION_FAILED', () => {
    for (const bad of ['', '!!!', 'bm90LWEtY3Vyc29y', encodeCursor([1]), encodeCursor(['a'])]) {
      expect(() => decodeCursor(bad, timeIdCursorSchema)).toThrow(AppError);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeCursor(text, seqCursorSchema);
          return true;
        } catch (error) {
          return error instanceof AppError && error.code === 'VALIDATION_FAILED';
        }
      }),
    );
  });
});

describe('Range parsing', () => {
  it('reads single byte ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('serves the whole file for no, foreign or multiple ranges', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('bytes=-', 100)).toBeNull();
  });

  it('flags unsatisfiable ranges', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});
