import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPoints,
} from '../../../../renderer/src/lib/format';

describe('number and date formatting', () => {
  it('groups whole numbers exactly as Intl en-US does, without Intl for safe integers', () => {
    const intl = new Intl.NumberFormat('en-US');
    const values = [
      0,
      -0,
      1,
      -1,
      12,
      999,
      1000,
      -1000,
      12_345,
      100_000,
      -999_999,
      1_000_000,
      123_456_789,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1.5,
      -1234.5678,
      0.0001,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    for (let digits = 1; digits <= 16; digits++) values.push(Number('9'.repeat(digits)));
    for (const value of values) expect(formatCount(value), String(value)).toBe(intl.format(value));
  });

  it('words points, money and dates as before (formatters made on first use)', () => {
    expect(formatPoints(1)).toBe('1 point');
    expect(formatPoints(25_000)).toBe('25,000 points');
    expect(formatMoney(123_456)).toBe('$1,234.56');
    expect(formatMoney(123_456)).toBe('$1,234.56');
    const iso = '2026-03-04T05:06:07Z';
    expect(formatDate(iso)).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(iso)),
    );
    expect(formatDateTime(iso)).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      ),
    );
  });
});
