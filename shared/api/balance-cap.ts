/**
 * The highest balance the contract allows. Stored amounts are 64-bit, but a grant or return that
 * would pass this, counting the points the user's waiting orders hold (they may come back), is
 * refused (BALANCE_LIMIT_REACHED) so every stored balance stays valid. Without zod, so the
 * renderer can say it without evaluating zod; common.ts builds `pointsSchema` from it.
 */
export const MAX_BALANCE = 1_000_000_000;
