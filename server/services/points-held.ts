import { MAX_BALANCE } from '../../shared/api/common';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { recountPointsHeld } from '../db/users';

/**
 * Recounts the points the user's waiting orders hold (recountPointsHeld), inside the transaction
 * that placed or settled `orderId`, after the order's row is written and with the user's row
 * locked. `expected` is what the user's row counted, moved by this order's points: when the
 * recount differs, the count had drifted (an order placed or settled by a process of the version
 * before migration 0015, docs/design.md §6.5), which the recount has just healed.
 */
export async function recountHeld(
  ctx: ServerContext,
  tx: Db,
  userId: string,
  orderId: string,
  expected: number,
): Promise<void> {
  const held = await recountPointsHeld(tx, userId);
  if (held !== expected) {
    ctx.logger.warn(
      { userId, orderId, held, expected },
      'points held by waiting orders recounted: the user’s count had drifted',
    );
  }
}

/**
 * Whether a balance would pass MAX_BALANCE once the points the user's waiting orders hold came
 * back to it (docs/design.md §4.1): every raise of a balance is checked with it, so giving held
 * points back never needs a check.
 */
export function overBalanceCap(balance: number, held: number): boolean {
  return balance + held > MAX_BALANCE;
}
