import type { ServerReturnKind } from './return-kind';
import { pointsAtRate } from './return-kind';

/**
 * Trade-in: the newest version of the product, or points. A trade-in that would grant nothing
 * (an upgrade policy with a 0% fallback and nothing newer) is not offered at all rather than
 * offered as worthless.
 */
export const tradeIn: ServerReturnKind<'trade_in'> = {
  usesUpgradeTarget: true,
  offer: (terms, { paidCents, upgrade }) => {
    if (terms.type === 'points') {
      return {
        privilege: { type: 'points', points: pointsAtRate(paidCents, terms.ratePct) },
        basis: 'policy_points',
        ratePct: terms.ratePct,
      };
    }
    if (upgrade) {
      return { privilege: { type: 'upgrade', ...upgrade }, basis: 'newest_version', ratePct: null };
    }
    if (terms.fallbackPointsRatePct === 0) return null;
    return {
      privilege: { type: 'points', points: pointsAtRate(paidCents, terms.fallbackPointsRatePct) },
      basis: 'no_newer_version',
      ratePct: terms.fallbackPointsRatePct,
    };
  },
  fromColumns: (row) => {
    const rate = row.trade_in_rate_pct ?? 0;
    if (row.trade_in_type === 'upgrade') return { type: 'upgrade', fallbackPointsRatePct: rate };
    if (row.trade_in_type === 'points') return { type: 'points', ratePct: rate };
    return null;
  },
  toColumns: (terms) => ({
    trade_in_type: terms?.type ?? null,
    trade_in_rate_pct:
      terms === null
        ? null
        : terms.type === 'upgrade'
          ? terms.fallbackPointsRatePct
          : terms.ratePct,
  }),
};
