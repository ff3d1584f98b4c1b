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
      return { type: 'points', points: pointsAtRate(paidCents, terms.ratePct) };
    }
    if (upgrade) return { type: 'upgrade', ...upgrade };
    if (terms.fallbackPointsRatePct === 0) return null;
    return { type: 'points', points: pointsAtRate(paidCents, terms.fallbackPointsRatePct) };
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
