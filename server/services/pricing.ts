import type { ReturnPolicy } from '../../shared/api/catalog';
import type { QuoteOption } from '../../shared/api/returns';
import { DAY_MS, iso } from '../util/clock';

/** Points for `paidCents` at a whole-percent rate, rounded down (never more than was paid). */
export function pointsAtRate(paidCents: number, ratePct: number): number {
  return Math.floor((paidCents * ratePct) / 100);
}

/** The newest version of the product, when the user could be upgraded to it. */
export interface UpgradeTarget {
  contentId: string;
  version: number;
  title: string;
}

export interface OptionInputs {
  policy: ReturnPolicy | null;
  /** What the purchase transaction recorded: money + points spent. */
  paidCents: number;
  /** Null when no newer version exists or the user already holds it. */
  upgrade: UpgradeTarget | null;
}

/**
 * The return options a policy offers for one license (docs/design.md §2.2, priced as §4.3).
 * A collection that would grant nothing (an upgrade policy with a 0% fallback and nothing
 * newer) is not offered at all rather than offered as worthless.
 */
export function returnOptions({ policy, paidCents, upgrade }: OptionInputs): QuoteOption[] {
  if (!policy) return [];
  const options: QuoteOption[] = [];
  if (policy.buybackRatePct !== null) {
    options.push({
      kind: 'buyback',
      privilege: { type: 'points', points: pointsAtRate(paidCents, policy.buybackRatePct) },
    });
  }
  const collection = policy.collection;
  if (collection?.type === 'upgrade') {
    if (upgrade) {
      options.push({ kind: 'collection', privilege: { type: 'upgrade', ...upgrade } });
    } else if (collection.fallbackPointsRatePct > 0) {
      const points = pointsAtRate(paidCents, collection.fallbackPointsRatePct);
      options.push({ kind: 'collection', privilege: { type: 'points', points } });
    }
  } else if (collection?.type === 'points') {
    options.push({
      kind: 'collection',
      privilege: { type: 'points', points: pointsAtRate(paidCents, collection.ratePct) },
    });
  }
  return options;
}

/** End of the return window for a purchase made at `purchasedAtMs`; null = no deadline. */
export function returnDeadline(purchasedAtMs: number, windowDays: number | null): string | null {
  return windowDays === null ? null : iso(purchasedAtMs + windowDays * DAY_MS);
}

export function isWindowOpen(deadline: string | null, nowMs: number): boolean {
  return deadline === null || Date.parse(deadline) > nowMs;
}

/** Splits a price into points and money: points cannot pay for more than the price. */
export function splitPayment(
  priceCents: number,
  pointsToUse: number,
): { points: number; money: number } | null {
  if (pointsToUse > priceCents) return null;
  return { points: pointsToUse, money: priceCents - pointsToUse };
}
