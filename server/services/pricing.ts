import type { ReturnPolicy } from '../../shared/api/catalog';
import type { QuoteOption } from '../../shared/api/returns';
import { termsOf } from '../../shared/returns/policy-terms';
import { RETURN_KINDS } from '../../shared/returns/return-kinds';
import { DAY_MS, iso } from '../util/clock';
import { offerOf } from './return-kinds/registry';
import type { OfferInputs } from './return-kinds/return-kind';

export { pointsAtRate, type UpgradeTarget } from './return-kinds/return-kind';

export interface OptionInputs extends OfferInputs {
  policy: ReturnPolicy | null;
}

/**
 * The return options a policy offers for one license (docs/design.md §2.2, priced as §4.3):
 * each kind the policy sets terms for, in RETURN_KINDS order, unless its module
 * finds it would grant nothing.
 */
export function returnOptions({ policy, ...inputs }: OptionInputs): QuoteOption[] {
  if (!policy) return [];
  return RETURN_KINDS.flatMap((kind) => {
    const terms = termsOf(policy, kind);
    const offer = terms === null ? null : offerOf(kind, terms, inputs);
    return offer ? [{ kind, ...offer }] : [];
  });
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
