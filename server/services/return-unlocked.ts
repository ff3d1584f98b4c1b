import type { ReturnRequest } from '../../shared/api/returns';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { isRetryable } from '../db/database';
import type { LicenseForReturn } from '../db/licenses';
import { lockLicenseForReturn } from '../db/licenses';
import type { ReadState } from '../db/return-writes';
import { writeReturnIfUnchanged } from '../db/return-writes';
import type { Caller } from './auth';
import type { ReturnOutcome } from './return-prepare';
import { prepareReturn } from './return-prepare';
import { SERVER_RETURN_KINDS } from './return-kinds/registry';

function readState(license: LicenseForReturn): ReadState {
  return {
    licenseId: license.l_id,
    userId: license.l_user_id,
    balance: license.user_balance,
    pointsHeld: license.user_points_held,
    eventSeq: license.user_event_seq,
    placesRev: license.user_places_rev,
    productId: license.product_id,
    windowDays: license.window_days,
    buybackRatePct: license.buyback_rate_pct,
    tradeInType: license.trade_in_type,
    tradeInRatePct: license.trade_in_rate_pct,
    limitPer30Days: license.limit_per_30_days,
  };
}

/**
 * PostgreSQL: a return without a lock held across round trips (docs/design.md §3.2, "Without a
 * lock first"). The license is read unlocked (or taken from this process's quote of it), the
 * checks and writes are computed from it as in the locked path, and one statement locks, re-checks
 * what they were computed from and writes: one round trip, none for a quote this process made.
 * Answers undefined whenever it cannot vouch for the outcome (the license not found, any refusal,
 * a re-check that failed): the caller then runs the locked path, which decides it. Nothing is
 * written in that case.
 */
export async function returnUnlocked(
  ctx: ServerContext,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome | undefined> {
  // A quote's read serves only kinds whose offer the read decides whole: an upgrade's target
  // is looked up at return time (§3.1), and so is the quote's read left unused then.
  const kept =
    request.quoteId === undefined
      ? undefined
      : ctx.quoteReads.take(request.quoteId, caller.userId, request.licenseId);
  const fromQuote = kept !== undefined && !SERVER_RETURN_KINDS[request.kind].usesUpgradeTarget;
  const license = fromQuote
    ? kept
    : await lockLicenseForReturn(ctx.db, caller.userId, request.licenseId, { lock: false });
  if (!license) return undefined;
  let prepared;
  try {
    prepared = await prepareReturn(ctx, ctx.db, caller, request, license);
  } catch (error) {
    // A refusal read without the lock is answered by the locked path, as before.
    if (error instanceof AppError) return undefined;
    throw error;
  }
  let queued: number | null;
  try {
    queued = await writeReturnIfUnchanged(ctx.database, prepared.writes, readState(license));
  } catch (error) {
    // A deadlock aborted the statement (nothing written): the locked path retries it (§3.4).
    if (isRetryable(error)) return undefined;
    throw error;
  }
  if (queued === null) return undefined;
  return {
    receipt: prepared.receipt,
    replay: false,
    queued,
    path: fromQuote ? 'quote-read' : 'unlocked',
  };
}
