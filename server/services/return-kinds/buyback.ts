import type { ServerReturnKind } from './return-kind';
import { pointsAtRate } from './return-kind';

/** Buyback: points at the policy's rate of what was paid. */
export const buyback: ServerReturnKind<'buyback'> = {
  usesUpgradeTarget: false,
  offer: (ratePct, { paidCents }) => ({ type: 'points', points: pointsAtRate(paidCents, ratePct) }),
  fromColumns: (row) => row.buyback_rate_pct,
  toColumns: (ratePct) => ({ buyback_rate_pct: ratePct }),
};
