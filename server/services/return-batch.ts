import type { ReturnLimit, ReturnQuoteAnswer, ReturnRequest } from '../../shared/api/returns';
import { RETURN_LIMIT_PERIOD_DAYS } from '../../shared/api/returns';
import type { ServerContext } from '../context';
import { returnTimeSince } from '../db/returns';
import { DAY_MS, iso } from '../util/clock';
import type { Caller } from './auth';
import type { BatchItem } from './batch-item';
import { eachOnItsOwn } from './batch-item';
import { creditsOf } from './privileges/registry';
import { createReturnsInOneTransaction } from './return-batch-sqlite';
import { quoteReturn } from './return-options';
import type { ReturnOutcome } from './returns';
import { createReturn } from './returns';

/**
 * POST /returns/batch: every return exactly as POST /returns runs it, its own return id as
 * idempotency key, so a replayed batch, or a batch racing a single return of the same id,
 * resolves item by item through §3.3. On SQLite the batch is one transaction with a savepoint
 * per return (return-batch-sqlite.ts); on PostgreSQL each return stays its own transaction,
 * since one holding every license's and the user's row locks until the batch's end would
 * deadlock with a racing batch of the same user locking in another order (docs/design.md §3.5).
 * The request pays for one session check and one HTTP exchange instead of one per return.
 */
export function createReturns(
  ctx: ServerContext,
  caller: Caller,
  requests: readonly ReturnRequest[],
): Promise<BatchItem<ReturnOutcome>[]> {
  if (ctx.engine === 'sqlite') return createReturnsInOneTransaction(ctx, caller, requests);
  return eachOnItsOwn(requests, (request) => createReturn(ctx, caller, request));
}

/**
 * POST /return-quotes: the quote of each license, as GET /licenses/:id/return-quote answers it,
 * except that the items offered before count against the user's returns limit and balance cap:
 * a combined offer never holds more returns than the limit would accept (§3.1), nor points the
 * balance could not take (§4.1), counting for each item offered the most any of its options
 * credits, whichever the user then picks. Past the limit an item is refused with the moment a
 * return frees up after the ones offered here; past the cap, with BALANCE_LIMIT_REACHED, or
 * offered only what still fits.
 */
export function quoteReturns(ctx: ServerContext, caller: Caller, licenseIds: readonly string[]) {
  let offered = 0;
  let credited = 0;
  return eachOnItsOwn(licenseIds, async (licenseId): Promise<ReturnQuoteAnswer> => {
    const answer = await quoteReturn(ctx, caller, licenseId, credited);
    if (answer.status !== 'offered') return answer;
    const { limit } = answer;
    if (limit && limit.used + offered >= limit.allowed) {
      const counted = { ...limit, used: limit.used + offered };
      const freesAt = await freeAfterBatch(ctx, caller.userId, counted);
      return {
        status: 'refused',
        refusal: { code: 'RETURN_LIMIT_REACHED', freesAt },
        licenseId: answer.licenseId,
        returnDeadline: answer.returnDeadline,
        policy: answer.policy,
        limit: { ...counted, nextFreeAt: freesAt },
      };
    }
    offered += 1;
    credited += Math.max(...answer.options.map((option) => creditsOf(option.privilege)));
    return answer;
  });
}

/**
 * When a return frees up once the returns offered in a batch are made: the moment the
 * (used - allowed)-th oldest counted return leaves the period, or, when that one would be made
 * by this batch, a full period from now.
 */
async function freeAfterBatch(ctx: ServerContext, userId: string, limit: ReturnLimit) {
  const now = ctx.clock();
  const since = iso(now - RETURN_LIMIT_PERIOD_DAYS * DAY_MS);
  const at = await returnTimeSince(ctx.db, userId, since, limit.used - limit.allowed);
  return iso((at === null ? now : Date.parse(at)) + RETURN_LIMIT_PERIOD_DAYS * DAY_MS);
}
