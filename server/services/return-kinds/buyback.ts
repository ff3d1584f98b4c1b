import type { ServerReturnKind } from './return-kind';
import { pointsAtRate } from './return-kind';

/** Buyback: points at the policy's rate of what was paid. */
export const buyback: ServerReturnKind<'buyback'> = {
  usesUpgradeTarget: false,
  offer: (ratePct, { paidCents }) => ({
    privilege: { type: 'points', points: pointsAtRate(paidCents, ratePct) },
    basis: 'buyback_rate',
    ratePct,
  }),
  fromColumns: (row) => row.buyback_rate_pct,
  toColumns: (ratePct) => ({ buyback_rate_pct: ratePct }),
};
