import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReturnPolicy } from '../../../shared/api/catalog';
import {
  isWindowOpen,
  pointsAtRate,
  returnDeadline,
  returnOptions,
  splitPayment,
} from '../../../server/services/pricing';

const upgrade = { contentId: '6f1c2b0e-8f7a-4d3e-9c1b-2a3b4c5d6e7f', version: 3, title: 'Third' };
const policy = (p: Partial<ReturnPolicy>): ReturnPolicy => ({
  windowDays: 30,
  buybackRatePct: null,
  tradeIn: null,
  limitPer30Days: null,
  ...p,
});

describe('pricing', () => {
  it('buyback points are floor(paid × rate), never more than paid', () => {
    expect(pointsAtRate(999, 70)).toBe(699);
    expect(pointsAtRate(1, 99)).toBe(0);
    expect(pointsAtRate(1000, 100)).toBe(1000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (paid, rate) => {
          const points = pointsAtRate(paid, rate);
          return Number.isInteger(points) && points >= 0 && points <= paid;
        },
      ),
    );
  });

  it('offers buyback and an upgrade to the newest version', () => {
    const options = returnOptions({
      policy: policy({
        buybackRatePct: 70,
        tradeIn: { type: 'upgrade', fallbackPointsRatePct: 50 },
      }),
      paidCents: 1000,
      upgrade,
    });
    expect(options).toEqual([
      {
        kind: 'buyback',
        privilege: { type: 'points', points: 700 },
        basis: 'buyback_rate',
        ratePct: 70,
      },
      {
        kind: 'trade_in',
        privilege: { type: 'upgrade', ...upgrade },
        basis: 'newest_version',
        ratePct: null,
      },
    ]);
  });

  it('falls back to trade-in points when nothing newer can be granted, and omits a worthless one', () => {
    const p = policy({ tradeIn: { type: 'upgrade', fallbackPointsRatePct: 40 } });
    expect(returnOptions({ policy: p, paidCents: 1000, upgrade: null })).toEqual([
      {
        kind: 'trade_in',
        privilege: { type: 'points', points: 400 },
        basis: 'no_newer_version',
        ratePct: 40,
      },
    ]);
    const zero = policy({
      buybackRatePct: 10,
      tradeIn: { type: 'upgrade', fallbackPointsRatePct: 0 },
    });
    expect(
      returnOptions({ policy: zero, paidCents: 1000, upgrade: null }).map((o) => o.kind),
    ).toEqual(['buyback']);
  });

  it('trade-in as points ignores versions; no policy offers nothing', () => {
    const p = policy({ tradeIn: { type: 'points', ratePct: 80 } });
    expect(returnOptions({ policy: p, paidCents: 799, upgrade })).toEqual([
      {
        kind: 'trade_in',
        privilege: { type: 'points', points: 639 },
        basis: 'policy_points',
        ratePct: 80,
      },
    ]);
    expect(returnOptions({ policy: null, paidCents: 799, upgrade })).toEqual([]);
  });

  it('return windows: deadline from the purchase time; none means always open', () => {
    const bought = Date.parse('2026-01-01T00:00:00.000Z');
    expect(returnDeadline(bought, 3)).toBe('2026-01-04T00:00:00.000Z');
    expect(returnDeadline(bought, null)).toBeNull();
    expect(isWindowOpen('2026-01-04T00:00:00.000Z', Date.parse('2026-01-03T23:59:59.999Z'))).toBe(
      true,
    );
    expect(isWindowOpen('2026-01-04T00:00:00.000Z', Date.parse('2026-01-04T00:00:00.000Z'))).toBe(
      false,
    );
    expect(isWindowOpen(null, Date.now())).toBe(true);
  });

  it('points pay at most the price; the rest is money', () => {
    expect(splitPayment(1000, 300)).toEqual({ points: 300, money: 700 });
    expect(splitPayment(1000, 1000)).toEqual({ points: 1000, money: 0 });
    expect(splitPayment(1000, 1001)).toBeNull();
  });
});
